package org.mppm.models.images;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.mppm.core.image.ImageFiles;
import org.mppm.models.data.MnistData;

/**
 * The training images of a data source: {@value #BUILTIN_MNIST} (the embedded 8,000 MNIST
 * training digits, {@code [N, 1, 28, 28]}) or anything {@link ImageInputs#list} accepts, read in
 * an {@link ImageFormat}; unreadable files are skipped and listed.
 *
 * @param images   {@code [N, C, H, W]} in [0, 1]
 * @param failures the inputs skipped
 */
public record TrainingImages(NDArray images, List<ReadFailure> failures) {
    /** The data source name of the embedded MNIST training digits. */
    public static final String BUILTIN_MNIST = "builtin:mnist";

    public TrainingImages {
        Objects.requireNonNull(images, "images");
        failures = List.copyOf(failures);
    }

    /**
     * The format of a source when the user gives only some of it: the built-in digits are
     * 1 x 28 x 28; otherwise channels and size default to those of the source's first image.
     *
     * @param channels C, or null for the default
     * @param height   H, or null for the default (then width must be null too)
     * @param width    W, or null for the default
     */
    public static ImageFormat format(String source, Integer channels, Integer height, Integer width, SizePolicy policy)
            throws IOException {
        int c = 1;
        int h = 28;
        int w = 28;
        if (!source.equals(BUILTIN_MNIST)) {
            BufferedImage first = ImageInputs.list(Path.of(source)).get(0).decode();
            c = ImageFiles.nativeChannels(first);
            h = first.getHeight();
            w = first.getWidth();
        }
        return new ImageFormat(channels != null ? channels : c, height != null ? height : h, width != null ? width : w, policy);
    }

    /**
     * Loads at most {@code limit} images (0: all) of {@code source} in {@code format}, owned by
     * {@code manager}. The built-in digits ignore the format's size policy and must be asked for as
     * 1 x 28 x 28.
     *
     * @throws IOException if the source cannot be listed or fewer than 2 images can be read
     */
    public static TrainingImages load(String source, ImageFormat format, int limit, NDManager manager) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = all); got " + limit);
        }
        if (source.equals(BUILTIN_MNIST)) {
            if (format.channels() != 1 || format.height() != 28 || format.width() != 28) {
                throw new IllegalArgumentException(BUILTIN_MNIST + " holds 1 x 28 x 28 digits; got the format " + format.shape());
            }
            NDArray all = MnistData.embedded().train().images(manager);
            return new TrainingImages(limit > 0 && limit < all.getShape().get(0) ? all.get("0:" + limit) : all, List.of());
        }
        List<ImageInput> inputs = ImageInputs.list(Path.of(source));
        ImageRead read = ImageReader.read(limit > 0 && limit < inputs.size() ? inputs.subList(0, limit) : inputs, format, manager);
        if (read.count() < 2) {
            throw new IOException("fewer than 2 readable images in " + source + ": " + read.failures());
        }
        return new TrainingImages(read.batch().orElseThrow().images(), read.failures());
    }
}
