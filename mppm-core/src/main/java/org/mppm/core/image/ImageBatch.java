package org.mppm.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.Checks;

/**
 * Checks at the API boundary for image batches: shape {@code [B, C, H, W]}, floating point, finite,
 * values in [0, 1]. Each failure names the argument, the value found and what was expected.
 */
public final class ImageBatch {
    private ImageBatch() {}

    /** Checks {@code images} is a {@code [B, C, H, W]} floating-point batch with B, C, H, W >= 1. */
    public static Shape requireShape(NDArray images, String name) {
        Shape s = images.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException(name + " must be an image batch [B, C, H, W]; got shape " + s);
        }
        for (int i = 0; i < 4; i++) {
            if (s.get(i) < 1) {
                throw new IllegalArgumentException(name + " must have B, C, H, W >= 1; got shape " + s);
            }
        }
        DataType t = images.getDataType();
        if (!t.isFloating()) {
            throw new IllegalArgumentException(name + " must be floating point; got " + t);
        }
        return s;
    }

    /**
     * Checks shape as {@link #requireShape} and that every value is finite and in [0, 1] up to
     * {@link Checks#UNIT_TOLERANCE} ({@link Checks#requireUnitInterval}: one reduction, one copy to the host).
     */
    public static Shape requireUnitRange(NDArray images, String name) {
        Shape s = requireShape(images, name);
        Checks.requireUnitInterval(name, images);
        return s;
    }

    /** Checks two batches have the same shape. */
    public static void requireSameShape(NDArray a, String aName, NDArray b, String bName) {
        if (!a.getShape().equals(b.getShape())) {
            throw new IllegalArgumentException(aName + " and " + bName + " must have the same shape; got "
                    + a.getShape() + " and " + b.getShape());
        }
    }
}
