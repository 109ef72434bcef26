package org.mppm.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Grey 8-bit images with integer labels, held compactly on the host.
 *
 * @param pixels {@code count * height * width} bytes, row-major per image
 * @param labels {@code count} labels
 * @param height H
 * @param width W
 */
public record LabelledImages(byte[] pixels, int[] labels, int height, int width) {

    public LabelledImages {
        if ((long) labels.length * height * width != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels of " + height + " x " + width
                    + " images need " + (long) labels.length * height * width + " pixels; got " + pixels.length);
        }
    }

    /** Number of images N. */
    public int count() {
        return labels.length;
    }

    /** Images {@code [N, 1, H, W]} float32 in [0, 1] (byte / 255), owned by {@code manager}. */
    public NDArray images(NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray out = sub.create(ByteBuffer.wrap(pixels), new Shape(count(), 1, height, width), DataType.UINT8)
                    .toType(DataType.FLOAT32, false).div(255f);
            out.attach(manager);
            return out;
        }
    }

    /** Labels {@code [N]} int64, owned by {@code manager}. */
    public NDArray labelArray(NDManager manager) {
        return manager.create(Arrays.stream(labels).asLongStream().toArray());
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    public LabelledImages slice(int from, int to) {
        if (from < 0 || to > count() || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") outside 0.." + count());
        }
        int plane = height * width;
        return new LabelledImages(Arrays.copyOfRange(pixels, from * plane, to * plane),
                Arrays.copyOfRange(labels, from, to), height, width);
    }

    /** The first n images. */
    public LabelledImages head(int n) {
        return slice(0, Math.min(n, count()));
    }
}
