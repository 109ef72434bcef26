package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/** Test helper: an independent host (double precision) evaluation of an {@link Mlp}'s weights. */
public record HostMlp(List<double[][]> w, List<double[]> b) {
    public static HostMlp of(Block mlp) {
        List<double[][]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (Pair<String, Parameter> p : mlp.getParameters()) {
            NDArray a = p.getValue().getArray();
            double[] v = a.toDoubleArray();
            if (p.getKey().endsWith("weight")) {
                int rows = (int) a.getShape().get(0);
                int cols = (int) a.getShape().get(1);
                double[][] m = new double[rows][cols];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(v, r * cols, m[r], 0, cols);
                }
                w.add(m);
            } else {
                b.add(v);
            }
        }
        return new HostMlp(w, b);
    }

    public double[] apply(double[] x) {
        double[] h = x;
        for (int l = 0; l < w.size(); l++) {
            double[] o = new double[w.get(l).length];
            for (int r = 0; r < o.length; r++) {
                double s = b.get(l)[r];
                for (int c = 0; c < h.length; c++) {
                    s += w.get(l)[r][c] * h[c];
                }
                o[r] = l < w.size() - 1 ? Math.max(0, s) : s;
            }
            h = o;
        }
        return h;
    }

    public double[] gradient(double[] x) {
        double[] g = new double[x.length];
        double h = 1e-7;
        for (int j = 0; j < x.length; j++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[j] += h;
            down[j] -= h;
            g[j] = (apply(up)[0] - apply(down)[0]) / (2 * h);
        }
        return g;
    }
}
