package org.mppm.models.images;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Objects;

/**
 * Images {@code [N, C, H, W]} in [0, 1] with the names of the inputs they came from, row i from
 * {@code names.get(i)}. Closing it closes the array.
 *
 * @param images {@code [N, C, H, W]}, N = {@code names.size()}
 * @param names  the inputs' names ({@link ImageInput#name()}), in row order
 */
public record NamedImages(NDArray images, List<String> names) implements AutoCloseable {

    public NamedImages {
        Objects.requireNonNull(images, "images");
        names = List.copyOf(names);
        if (images.getShape().dimension() != 4 || images.getShape().get(0) != names.size()) {
            throw new IllegalArgumentException("images must be [N, C, H, W] with N = " + names.size()
                    + " names; got " + images.getShape());
        }
    }

    /** N. */
    public int size() {
        return names.size();
    }

    @Override
    public void close() {
        images.close();
    }
}
