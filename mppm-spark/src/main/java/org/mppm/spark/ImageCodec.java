package org.mppm.spark;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
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

    /**
     * The values of an array column as Spark holds them (elements of the numeric type {@code element}),
     * which must be {@code C * H * W} finite numbers, none null. A float array is copied as it is
     * stored (no element is boxed); other numeric types are rounded to the nearest float.
     */
    float[] values(ArrayData values, DataType element) {
        if (values == null) {
            throw new BadRowException("no values (null)");
        }
        if (values.numElements() != size) {
            throw new BadRowException(values.numElements() + " values, the model takes " + size + " (shape " + sample + ")");
        }
        for (int i = 0; i < size; i++) {
            if (values.isNullAt(i)) {
                throw new BadRowException("value " + i + " is null, expected a number");
            }
        }
        if (element instanceof FloatType) {
            return requireFinite(values.toFloatArray());
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = number(values, i, element);
        }
        return requireFinite(out);
    }

    /** Element {@code i} of a numeric array, rounded to the nearest float. */
    private static float number(ArrayData values, int i, DataType element) {
        if (element instanceof DoubleType) {
            return (float) values.getDouble(i);
        }
        if (element instanceof LongType) {
            return values.getLong(i);
        }
        if (element instanceof IntegerType) {
            return values.getInt(i);
        }
        if (element instanceof ShortType) {
            return values.getShort(i);
        }
        if (element instanceof ByteType) {
            return values.getByte(i);
        }
        if (element instanceof DecimalType d) {
            return values.getDecimal(i, d.precision(), d.scale()).toJavaBigDecimal().floatValue();
        }
        throw new IllegalArgumentException("not a numeric element type: " + element.simpleString());
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
