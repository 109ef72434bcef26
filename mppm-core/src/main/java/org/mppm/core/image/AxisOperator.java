package org.mppm.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A linear map along one image axis, as an {@code [out, in]} matrix: filtering with a padding rule
 * or bilinear resizing. Applied to both axes of a {@code [B, C, H, W]} batch by
 * {@link #applySeparable}: {@code Y = R X C^T} for every image and channel, as two batched matmuls.
 */
public final class AxisOperator {
    private final double[][] m;

    private AxisOperator(double[][] m) {
        this.m = m;
    }

    /** Input length. */
    public int in() {
        return m[0].length;
    }

    /** Output length. */
    public int out() {
        return m.length;
    }

    /** Entry (o, i), for tests. */
    public double get(int o, int i) {
        return m[o][i];
    }

    /**
     * Correlation with an odd-length kernel (centre tap at index r):
     * {@code y[o] = sum_k w[k] x[pad(o + k - r)]}; with {@link Padding#VALID} the output has
     * {@code n - 2r} samples, otherwise n.
     */
    public static AxisOperator filter(double[] kernel, int n, Padding padding) {
        if (kernel.length % 2 != 1) {
            throw new IllegalArgumentException("kernel length must be odd; got " + kernel.length);
        }
        int r = kernel.length / 2;
        int outLen = padding == Padding.VALID ? n - 2 * r : n;
        if (outLen < 1) {
            throw new IllegalArgumentException("axis of length " + n + " is too short for a valid filter of "
                    + kernel.length + " taps");
        }
        double[][] m = new double[outLen][n];
        for (int o = 0; o < outLen; o++) {
            int centre = padding == Padding.VALID ? o + r : o;
            for (int k = 0; k < kernel.length; k++) {
                int src = padding == Padding.VALID ? centre + k - r : padding.source(centre + k - r, n);
                if (src >= 0) {
                    m[o][src] += kernel[k];
                }
            }
        }
        return new AxisOperator(m);
    }

    /**
     * Bilinear resize from {@code in} to {@code out} samples as PyTorch's
     * {@code interpolate(mode="bilinear", align_corners=False, antialias=False)} with an explicit size:
     * {@code src = max(0, (o + 0.5) in/out - 0.5)}, linear between floor(src) and the next sample
     * (clamped at the border).
     */
    public static AxisOperator resize(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("resize lengths must be >= 1; got " + in + " -> " + out);
        }
        double[][] m = new double[out][in];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double src = Math.max(0, (o + 0.5) * scale - 0.5);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double l1 = src - i0;
            m[o][i0] += 1 - l1;
            m[o][i1] += l1;
        }
        return new AxisOperator(m);
    }

    /** The composition {@code this after first}: first maps a -> b, this maps b -> c. */
    public AxisOperator after(AxisOperator first) {
        if (first.out() != in()) {
            throw new IllegalArgumentException("cannot compose " + first.in() + "->" + first.out() + " with "
                    + in() + "->" + out());
        }
        double[][] c = new double[out()][first.in()];
        for (int o = 0; o < out(); o++) {
            for (int k = 0; k < in(); k++) {
                double a = m[o][k];
                if (a != 0) {
                    for (int i = 0; i < first.in(); i++) {
                        c[o][i] += a * first.m[k][i];
                    }
                }
            }
        }
        return new AxisOperator(c);
    }

    /** The matrix as an NDArray {@code [out, in]} of the given type. */
    public NDArray toNDArray(NDManager manager, DataType type) {
        double[] flat = new double[out() * in()];
        for (int o = 0; o < out(); o++) {
            System.arraycopy(m[o], 0, flat, o * in(), in());
        }
        return manager.create(flat, new Shape(out(), in())).toType(type, false);
    }

    /**
     * Applies {@code rows} along H and {@code cols} along W of {@code x [..., H, W]}:
     * {@code [..., H, W] -> [..., rows.out, cols.out]}. The result belongs to {@code manager}
     * (pass the caller's scope manager).
     */
    public static NDArray applySeparable(NDManager manager, NDArray x, AxisOperator rows, AxisOperator cols) {
        Shape s = x.getShape();
        long h = s.get(s.dimension() - 2);
        long w = s.get(s.dimension() - 1);
        if (rows.in() != h || cols.in() != w) {
            throw new IllegalArgumentException("operators expect H x W = " + rows.in() + " x " + cols.in()
                    + "; got array of shape " + s);
        }
        NDArray r = rows.toNDArray(manager, x.getDataType());
        NDArray ct = cols.toNDArray(manager, x.getDataType()).transpose();
        return r.matMul(x).matMul(ct);
    }
}
