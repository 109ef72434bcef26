package org.mppm.core.geometry;

import java.util.SplittableRandom;
import org.mppm.core.SeededNoise;

/** Orthonormal frames (rows are orthonormal vectors of R^D) for placing manifolds in space. */
public final class Frames {
    private static final double TOLERANCE = 1e-9;

    private Frames() {}

    /** The first k standard basis vectors of R^D. */
    public static double[][] standard(int k, int ambient) {
        if (k < 1 || k > ambient) {
            throw new IllegalArgumentException("frame size must be in [1, " + ambient + "], got " + k);
        }
        double[][] e = new double[k][ambient];
        for (int i = 0; i < k; i++) {
            e[i][i] = 1;
        }
        return e;
    }

    /** A uniformly random orientation: k orthonormal vectors of R^D from a seeded Gaussian matrix. */
    public static double[][] random(int k, int ambient, long seed) {
        if (k < 1 || k > ambient) {
            throw new IllegalArgumentException("frame size must be in [1, " + ambient + "], got " + k);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] v = new double[k][ambient];
        for (double[] row : v) {
            for (int j = 0; j < ambient; j++) {
                row[j] = SeededNoise.gaussian(random);
            }
        }
        return orthonormalize(v);
    }

    /** Gram-Schmidt (twice, for stability) on the rows; fails on linearly dependent rows. */
    public static double[][] orthonormalize(double[][] rows) {
        int k = rows.length;
        double[][] q = new double[k][];
        for (int i = 0; i < k; i++) {
            double[] v = rows[i].clone();
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < i; j++) {
                    double dot = dot(v, q[j]);
                    for (int t = 0; t < v.length; t++) {
                        v[t] -= dot * q[j][t];
                    }
                }
            }
            double norm = Math.sqrt(dot(v, v));
            if (!(norm > TOLERANCE)) {
                throw new IllegalArgumentException("frame row " + i + " is linearly dependent on the rows before it");
            }
            for (int t = 0; t < v.length; t++) {
                v[t] /= norm;
            }
            q[i] = v;
        }
        return q;
    }

    /** Validates that the rows have length {@code ambient} and are orthonormal to 1e-9. */
    static double[][] requireOrthonormal(String name, double[][] rows, int ambient) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != ambient) {
                throw new IllegalArgumentException(
                        name + " row " + i + " must have length " + ambient + ", got " + rows[i].length);
            }
            for (int j = 0; j <= i; j++) {
                double expected = i == j ? 1 : 0;
                double got = dot(rows[i], rows[j]);
                if (!(Math.abs(got - expected) <= TOLERANCE)) {
                    throw new IllegalArgumentException(name + " rows must be orthonormal: <row " + i + ", row " + j
                            + "> = " + got + ", expected " + expected + " (use Frames.orthonormalize)");
                }
            }
        }
        return deepCopy(rows);
    }

    static double[][] deepCopy(double[][] rows) {
        double[][] c = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i].clone();
        }
        return c;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
