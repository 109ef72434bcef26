package org.mppm.models.images;

import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * The images a model takes, {@code [C, H, W]} with C = 1 (grey, ITU-R 601 luma of a colour file)
 * or 3 (RGB; a grey file repeats its value), and how files of other sizes are brought to
 * {@code H x W}.
 *
 * @param channels C, 1 or 3
 * @param height   H, {@code >= 1}
 * @param width    W, {@code >= 1}
 * @param policy   how a file of another size is resized
 */
public record ImageFormat(int channels, int height, int width, SizePolicy policy) {

    public ImageFormat {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB); got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be >= 1 x 1; got " + height + " x " + width);
        }
        Objects.requireNonNull(policy, "policy");
    }

    /** The format of a model's sample shape {@code (C, H, W)}, e.g. {@code SavedModels.Opened#sampleShape()}. */
    public static ImageFormat of(Shape sampleShape, SizePolicy policy) {
        Objects.requireNonNull(sampleShape, "sampleShape");
        if (sampleShape.dimension() != 3) {
            throw new IllegalArgumentException("an image model's sample shape is (C, H, W); got " + sampleShape
                    + " (a model of points does not read image files)");
        }
        return new ImageFormat(Math.toIntExact(sampleShape.get(0)), Math.toIntExact(sampleShape.get(1)),
                Math.toIntExact(sampleShape.get(2)), policy);
    }

    /** {@code (C, H, W)}. */
    public Shape shape() {
        return new Shape(channels, height, width);
    }

    /** Values per image, {@code C H W}. */
    public int size() {
        return Math.multiplyExact(channels, Math.multiplyExact(height, width));
    }
}
