package org.mppm.spark;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.mppm.core.image.ImageFiles;

/**
 * One row's image as the model sees it: {@code [C, H, W]} floats (channel-major, values in [0, 1]
 * for images), from encoded bytes (PNG, JPEG, whatever ImageIO decodes; 8-bit samples scaled by
 * 1/255 as {@link ImageFiles} does) or from an array column, and back to PNG bytes (clipped to
 * [0, 1], rounded to 8 bits). A row that does not fit the model is refused with a
 * {@link BadRowException} saying why.
 */
final class ImageCodec {
    private final Shape sample;
    private final int channels;
    private final int height;
    private final int width;
    private final int size;

    /** @param sample the model's sample shape {@code (C, H, W)} with C = 1 or 3, or {@code (D)} for point models */
    ImageCodec(Shape sample) {
        this.sample = sample;
        this.size = Math.toIntExact(sample.size());
        boolean image = sample.dimension() == 3 && (sample.get(0) == 1 || sample.get(0) == 3);
        this.channels = image ? (int) sample.get(0) : 0;
        this.height = image ? (int) sample.get(1) : 0;
        this.width = image ? (int) sample.get(2) : 0;
    }

    /** Values per sample, {@code C * H * W}. */
    int size() {
        return size;
    }

    /** Decodes encoded image bytes to {@code [C, H, W]} values; the image must be {@code H x W} pixels. */
    float[] decode(byte[] bytes) {
        if (channels == 0) {
            throw new BadRowException("the model takes samples of shape " + sample + ", not images");
        }
        if (bytes == null) {
            throw new BadRowException("no image bytes (null)");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new BadRowException("undecodable image bytes (" + bytes.length + " bytes): " + e.getMessage());
        }
        if (img == null) {
            throw new BadRowException("undecodable image bytes (" + bytes.length + " bytes): not a format ImageIO reads");
        }
        if (img.getHeight() != height || img.getWidth() != width) {
            throw new BadRowException("image is " + img.getHeight() + " x " + img.getWidth() + " pixels, the model takes "
                    + height + " x " + width);
        }
        return ImageFiles.pixels(img, channels);
    }

    /** The values of an array column, which must hold {@code C * H * W} finite numbers. */
    float[] values(List<?> values) {
        if (values == null) {
            throw new BadRowException("no values (null)");
        }
        if (values.size() != size) {
            throw new BadRowException(values.size() + " values, the model takes " + size + " (shape " + sample + ")");
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            Object v = values.get(i);
            if (!(v instanceof Number n)) {
                throw new BadRowException("value " + i + " is " + v + ", expected a number");
            }
            out[i] = n.floatValue();
        }
        return requireFinite(out);
    }

    /** {@code values}, if every one is finite. */
    static float[] requireFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new BadRowException("value " + i + " is " + values[i] + ", expected a finite number");
            }
        }
        return values;
    }

    /** {@code [C, H, W]} values as PNG bytes (8 bits per sample, clipped to [0, 1]). */
    byte[] png(float[] chw) {
        if (channels == 0) {
            throw new IllegalStateException("the model takes samples of shape " + sample + ", which are not images");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(ImageFiles.toImage(chw, channels, height, width), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG", e);
        }
        return out.toByteArray();
    }

    /** A row the model cannot restore; the message says why. */
    static final class BadRowException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRowException(String message) {
            super(message);
        }
    }
}
