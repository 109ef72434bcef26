package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Validation at the API boundary: shapes, finiteness and ranges, with messages that name the
 * value and what was expected. Each check is one cheap call, never inside an inner loop.
 */
public final class Checks {
    /**
     * The largest magnitude accepted in data ({@link #requireData}): squares and sums of squares of
     * up to 10^12 such entries stay finite in float32 (max about 3.4e38), so distances, kernels and
     * losses of accepted data never overflow to infinity or NaN.
     */
    public static final double MAX_MAGNITUDE = 1e12;
    /**
     * How far images may lie outside [0, 1] ({@link #requireUnitInterval}): rounding of decoded or
     * resampled pixels, not a different scale (0-255 data is rejected).
     */
    public static final double UNIT_TOLERANCE = 1e-3;

    /** How deep this thread is inside loops whose state was checked on entry ({@link #checkedState}). */
    private static final ThreadLocal<int[]> CHECKED_STATE = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * Turns this thread's value checks ({@link #requireData}, {@link #requireUnitInterval},
     * {@link #requireFinite}) off until the returned token is closed (try-with-resources), for an
     * iterative method that checked its input on entry and whose every step calls checked public
     * methods (a kernel mean, a chart, a denoiser) on its own state: the values are then not read
     * back to the host at every step. Shape and type checks still run. Confined to the calling
     * thread; may nest.
     */
    public static CheckedState checkedState() {
        int[] depth = CHECKED_STATE.get();
        depth[0]++;
        return new CheckedState(depth);
    }

    /** The token of {@link #checkedState()}: closing it turns the value checks back on (once). */
    public static final class CheckedState implements AutoCloseable {
        private int[] depth;

        private CheckedState(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (depth != null) {
                depth[0]--;
                depth = null;
            }
        }
    }

    private static boolean valuesChecked() {
        return CHECKED_STATE.get()[0] > 0;
    }

    private Checks() {}

    /**
     * Requires {@code x} to have the element type of the model that evaluates it (float32 for
     * every model the library trains). Other types are rejected, not converted, so that no call
     * silently copies (or rounds) the caller's data; the message says how to convert.
     */
    public static void requireDataType(String name, NDArray x, DataType expected) {
        if (x.getDataType() != expected) {
            String type = "DataType." + expected.name();
            throw new IllegalArgumentException(name + " must be " + expected + ", got " + x.getDataType()
                    + "; convert with toType(" + type + ", false)");
        }
    }

    /** Requires {@code x} to be float32 or float64 (float16 is not computed on every device). */
    public static void requireFloating(String name, NDArray x) {
        if (x.getDataType() != DataType.FLOAT32 && x.getDataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException(name + " must be floating point (float32 or float64), got " + x.getDataType());
        }
    }

    /**
     * Requires {@code x} to be floating point with every entry finite and of magnitude at most
     * {@link #MAX_MAGNITUDE}; one reduction, one scalar copied to the host.
     */
    public static void requireData(String name, NDArray x) {
        requireFloating(name, x);
        if (x.getShape().size() == 0 || valuesChecked()) {
            return;
        }
        double largest = Scopes.host(x, in -> in.abs().max().toType(DataType.FLOAT64, false).getDouble());
        if (Double.isNaN(largest)) {
            throw new IllegalArgumentException(name + " must be finite, but contains NaN (shape " + x.getShape() + ")");
        }
        if (Double.isInfinite(largest)) {
            throw new IllegalArgumentException(name + " must be finite, but contains infinity (shape " + x.getShape() + ")");
        }
        if (largest > MAX_MAGNITUDE) {
            throw new IllegalArgumentException(name + " must have entries of magnitude <= " + MAX_MAGNITUDE
                    + " (beyond that float32 squares overflow), got " + largest);
        }
    }

    /**
     * Requires {@code x} to be floating point, finite, and in [0, 1] up to {@link #UNIT_TOLERANCE};
     * one reduction (min and max together), one copy to the host. The message for 0-255 data says
     * to divide by 255.
     */
    public static void requireUnitInterval(String name, NDArray x) {
        requireFloating(name, x);
        if (x.getShape().size() == 0 || valuesChecked()) {
            return;
        }
        double[] range = Scopes.host(x, in -> in.min().reshape(1).concat(in.max().reshape(1)).toType(DataType.FLOAT64, false)
                .toDoubleArray());
        double min = range[0];
        double max = range[1];
        if (Double.isNaN(min) || Double.isNaN(max)) {
            throw new IllegalArgumentException(name + " must be finite, but contains NaN (shape " + x.getShape() + ")");
        }
        if (Double.isInfinite(min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException(name + " must be finite, but contains infinity (shape " + x.getShape() + ")");
        }
        if (min < -UNIT_TOLERANCE || max > 1 + UNIT_TOLERANCE) {
            String hint = max > 10 && max <= 255 + UNIT_TOLERANCE && min >= -UNIT_TOLERANCE ? "; divide by 255" : "";
            throw new IllegalArgumentException(name + " must lie in [0, 1], got min " + min + ", max " + max + hint
                    + " (shape " + x.getShape() + ")");
        }
    }

    /** Requires {@code x} to be {@code [B, dim]} with B >= 1. */
    public static void requirePoints(String name, NDArray x, int dim) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != dim || s.get(0) < 1) {
            throw new IllegalArgumentException(
                    name + " must have shape [B, " + dim + "] with B >= 1, got " + s);
        }
    }

    /** Requires {@code x} to have at least two axes (a batch axis first) and B >= 1. */
    public static void requireBatch(String name, NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() < 2 || s.get(0) < 1) {
            throw new IllegalArgumentException(name + " must have shape [B, ...] with B >= 1, got " + s);
        }
    }

    /** Requires every entry of {@code x} to be finite (no NaN, no infinity). */
    public static void requireFinite(String name, NDArray x) {
        if (valuesChecked()) {
            return;
        }
        boolean bad = Scopes.host(x, in -> in.isNaN().logicalOr(in.isInfinite()).any().getBoolean());
        if (bad) {
            throw new IllegalArgumentException(name + " must be finite, but contains NaN or infinity");
        }
    }

    /** Requires {@code lo < value < hi}. */
    public static double requireOpen(String name, double value, double lo, double hi) {
        if (!(value > lo && value < hi)) {
            throw new IllegalArgumentException(name + " must lie in (" + lo + ", " + hi + "), got " + value);
        }
        return value;
    }

    /** Requires a finite {@code value > 0}. */
    public static double requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** Requires {@code value >= min}. */
    public static int requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /** Requires loss weights lambda_1..lambda_n to be finite, >= 0 and not all 0. */
    public static void requireLossWeights(double... lambdas) {
        double sum = 0;
        for (int i = 0; i < lambdas.length; i++) {
            if (!(lambdas[i] >= 0) || !Double.isFinite(lambdas[i])) {
                throw new IllegalArgumentException("lambda" + (i + 1) + " must be a finite number >= 0, got " + lambdas[i]);
            }
            sum += lambdas[i];
        }
        if (sum == 0) {
            throw new IllegalArgumentException("at least one loss weight must be > 0");
        }
    }

    /** Requires every entry of a host vector to be finite. */
    public static double[] requireFinite(String name, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + v[i]);
            }
        }
        return v;
    }
}
