package org.mppm.core.image.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.Checks;
import org.mppm.core.image.AxisOperator;
import org.mppm.core.image.ImageBatch;
import org.mppm.core.Scopes;
import org.mppm.core.image.Padding;

/**
 * Structural similarity (Wang et al. 2004; scikit-image {@code structural_similarity}) of two
 * batches {@code [B, C, H, W]}. With local means u, variances v and covariance v_xy over the window
 * (variances scaled by the window's covariance norm), {@code C1 = (K1 R)^2}, {@code C2 = (K2 R)^2}:
 * {@code S = ((2 u_x u_y + C1)(2 v_xy + C2)) / ((u_x^2 + u_y^2 + C1)(v_x + v_y + C2))}, averaged over
 * the valid region (the image cropped by (win - 1)/2 on each side), per channel, then over channels.
 * Computed in float64.
 *
 * @param window local window ({@link SsimWindow#GAUSSIAN_11} is the paper's)
 * @param dataRange R, 1 for images in [0, 1]
 * @param k1 K1 (0.01)
 * @param k2 K2 (0.03)
 */
public record Ssim(SsimWindow window, double dataRange, double k1, double k2) {

    public Ssim {
        if (window == null) {
            throw new IllegalArgumentException("SSIM window must be given");
        }
        if (!(dataRange > 0) || !(k1 > 0) || !(k2 > 0) || !Double.isFinite(dataRange) || !Double.isFinite(k1)
                || !Double.isFinite(k2)) {
            throw new IllegalArgumentException("SSIM data range, K1, K2 must be positive; got " + dataRange + ", "
                    + k1 + ", " + k2);
        }
    }

    /** Standard constants (R = 1, K1 = 0.01, K2 = 0.03) with the given window. */
    public static Ssim of(SsimWindow window) {
        return new Ssim(window, 1.0, 0.01, 0.03);
    }

    /** Wang's Gaussian window. */
    public static Ssim gaussian() {
        return of(SsimWindow.GAUSSIAN_11);
    }

    /** scikit-image's default uniform 7 x 7 window. */
    public static Ssim uniform7() {
        return of(SsimWindow.UNIFORM_7);
    }

    /** SSIM of each image pair: {@code [B, C, H, W] x [B, C, H, W] -> double[B]}. */
    public double[] perImage(NDArray x, NDArray y) {
        Shape s = ImageBatch.requireShape(x, "x");
        ImageBatch.requireShape(y, "y");
        ImageBatch.requireSameShape(x, "x", y, "y");
        Checks.requireData("x", x);
        Checks.requireData("y", y);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        if (h < window.size() || w < window.size()) {
            throw new IllegalArgumentException("images of " + h + " x " + w + " are smaller than the SSIM window "
                    + window.size() + " x " + window.size());
        }
        AxisOperator rows = AxisOperator.filter(window.kernel(), h, Padding.VALID);
        AxisOperator cols = AxisOperator.filter(window.kernel(), w, Padding.VALID);
        double c1 = (k1 * dataRange) * (k1 * dataRange);
        double c2 = (k2 * dataRange) * (k2 * dataRange);
        double cn = window.covarianceNorm();
        long b = s.get(0);
        return Scopes.host(x, y, (xs, ys) -> {
            NDArray a = xs.toType(DataType.FLOAT64, true);
            NDArray bb = ys.toType(DataType.FLOAT64, true);
            NDArray stack = a.concat(bb).concat(a.mul(a)).concat(bb.mul(bb)).concat(a.mul(bb));
            NDArray f = AxisOperator.applySeparable(xs.getManager(), stack, rows, cols);
            NDArray ux = f.get("0:" + b);
            NDArray uy = f.get(b + ":" + 2 * b);
            NDArray vx = f.get(2 * b + ":" + 3 * b).sub(ux.mul(ux)).mul(cn);
            NDArray vy = f.get(3 * b + ":" + 4 * b).sub(uy.mul(uy)).mul(cn);
            NDArray vxy = f.get(4 * b + ":" + 5 * b).sub(ux.mul(uy)).mul(cn);
            NDArray num = ux.mul(uy).mul(2).add(c1).mul(vxy.mul(2).add(c2));
            NDArray den = ux.mul(ux).add(uy.mul(uy)).add(c1).mul(vx.add(vy).add(c2));
            return num.div(den).reshape(b, -1).mean(new int[] {1}).toDoubleArray();
        });
    }

    /** Mean SSIM over the batch. */
    public double mean(NDArray x, NDArray y) {
        double[] v = perImage(x, y);
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        return sum / v.length;
    }
}
