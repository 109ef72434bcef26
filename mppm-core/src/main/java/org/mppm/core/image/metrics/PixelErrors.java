package org.mppm.core.image.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.mppm.core.Checks;
import org.mppm.core.image.ImageBatch;
import org.mppm.core.Scopes;

/**
 * Pixel errors of two batches {@code [B, C, H, W]}: per image {@code MSE = mean (x - y)^2} over
 * C, H, W, and {@code PSNR = 10 log10(R^2 / MSE)} in dB (+Infinity when MSE = 0). Batch values are
 * the means of the per-image values. Computed in float64.
 */
public final class PixelErrors {
    private PixelErrors() {}

    /** Per-image MSE: {@code double[B]}. */
    public static double[] mse(NDArray x, NDArray y) {
        ImageBatch.requireShape(x, "x");
        ImageBatch.requireShape(y, "y");
        ImageBatch.requireSameShape(x, "x", y, "y");
        Checks.requireData("x", x);
        Checks.requireData("y", y);
        return Scopes.host(x, y, (xs, ys) -> {
            NDArray d = xs.toType(DataType.FLOAT64, true).sub(ys.toType(DataType.FLOAT64, true));
            return d.mul(d).reshape(d.getShape().get(0), -1).mean(new int[] {1}).toDoubleArray();
        });
    }

    /** Per-image PSNR in dB for data range R: {@code double[B]}. */
    public static double[] psnr(NDArray x, NDArray y, double dataRange) {
        if (!(dataRange > 0) || !Double.isFinite(dataRange)) {
            throw new IllegalArgumentException("data range must be positive; got " + dataRange);
        }
        double[] mse = mse(x, y);
        double[] out = new double[mse.length];
        for (int i = 0; i < mse.length; i++) {
            out[i] = psnrOf(mse[i], dataRange);
        }
        return out;
    }

    /** {@code 10 log10(R^2 / mse)}; +Infinity for mse 0. */
    public static double psnrOf(double mse, double dataRange) {
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(dataRange * dataRange / mse);
    }

    /** Mean of the values. */
    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
