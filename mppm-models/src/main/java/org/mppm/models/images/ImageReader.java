package org.mppm.models.images;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mppm.core.image.ImageFiles;

/**
 * Reads inputs into a batch {@code [N, C, H, W]} in [0, 1] of one {@link ImageFormat}, keeping
 * their names. An input that cannot be decoded (a damaged or foreign file, a header claiming more
 * than {@link ImageFiles#MAX_PIXELS} pixels) is skipped and reported as a {@link ReadFailure}
 * with its reason; the others are read.
 */
public final class ImageReader {
    private ImageReader() {}

    /** The images of {@code inputs} in {@code format}, owned by {@code manager}, and the inputs skipped. */
    public static ImageRead read(List<ImageInput> inputs, ImageFormat format, NDManager manager) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(manager, "manager");
        int size = format.size();
        float[] all = new float[Math.multiplyExact(inputs.size(), size)];
        List<String> names = new ArrayList<>();
        List<ReadFailure> failures = new ArrayList<>();
        for (ImageInput input : inputs) {
            try {
                BufferedImage img = format.policy().apply(input.decode(), format.height(), format.width());
                System.arraycopy(ImageFiles.pixels(img, format.channels()), 0, all, names.size() * size, size);
                names.add(input.name());
            } catch (IOException | RuntimeException e) {
                failures.add(new ReadFailure(input.name(), reason(e)));
            }
        }
        if (names.isEmpty()) {
            return new ImageRead(Optional.empty(), failures);
        }
        float[] read = names.size() == inputs.size() ? all : Arrays.copyOf(all, names.size() * size);
        NDArray images = manager.create(read, new Shape(names.size(), format.channels(), format.height(), format.width()));
        return new ImageRead(Optional.of(new NamedImages(images, names)), failures);
    }

    /** One input at its own size and channel count, {@code [1, C, H, W]}, owned by {@code manager}. */
    public static NDArray readNative(ImageInput input, NDManager manager) throws IOException {
        BufferedImage img = input.decode();
        int c = ImageFiles.nativeChannels(img);
        return manager.create(ImageFiles.pixels(img, c), new Shape(1, c, img.getHeight(), img.getWidth()));
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
