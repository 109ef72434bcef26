package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Validation at the API boundary: shapes, finiteness and ranges, with messages that name the
 * value and what was expected. Each check is one cheap call, never inside an inner loop.
 */
public final class Checks {
    private Checks() {}

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
