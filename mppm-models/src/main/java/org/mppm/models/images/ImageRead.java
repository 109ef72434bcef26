package org.mppm.models.images;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a read of several inputs gave: the images that could be read, in input order, and the
 * inputs that could not, each with its reason. Closing it closes the batch.
 *
 * @param batch    the images read; empty when none could be
 * @param failures the inputs skipped, in input order
 */
public record ImageRead(Optional<NamedImages> batch, List<ReadFailure> failures) implements AutoCloseable {

    public ImageRead {
        Objects.requireNonNull(batch, "batch");
        failures = List.copyOf(failures);
    }

    /** The number of images read. */
    public int count() {
        return batch.map(NamedImages::size).orElse(0);
    }

    @Override
    public void close() {
        batch.ifPresent(NamedImages::close);
    }
}
