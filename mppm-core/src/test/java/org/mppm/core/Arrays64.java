package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;

/** Test helpers: float64 arrays from host values and back. */
public final class Arrays64 {
    private Arrays64() {}

    public static NDArray points(NDManager m, double[][] rows) {
        return m.create(rows);
    }

    public static double[][] rows(NDArray x) {
        int b = (int) x.getShape().get(0);
        int d = (int) (x.getShape().size() / b);
        double[] flat = x.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
        double[][] r = new double[b][d];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * d, r[i], 0, d);
        }
        return r;
    }

    public static double[][] gaussian(Random random, int n, int d, double scale) {
        double[][] r = new double[n][d];
        for (double[] row : r) {
            for (int j = 0; j < d; j++) {
                row[j] = scale * random.nextGaussian();
            }
        }
        return r;
    }

    public static double maxAbsDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    public static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
