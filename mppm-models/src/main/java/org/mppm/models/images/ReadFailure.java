package org.mppm.models.images;

import java.util.Objects;

/**
 * An input that could not be read and was skipped.
 *
 * @param name   the input's name ({@link ImageInput#name()})
 * @param reason why, e.g. {@code not a format ImageIO can decode}
 */
public record ReadFailure(String name, String reason) {

    public ReadFailure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return name + ": " + reason;
    }
}
