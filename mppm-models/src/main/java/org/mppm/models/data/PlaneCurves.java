package org.mppm.models.data;

import java.util.function.DoubleFunction;

/**
 * The closed plane curves of the smoothing paper's curve experiments, as maps from a parameter
 * {@code t} in {@code [0, 2 pi)} to a point {@code [x, y]}, and evenly spaced points along them.
 */
public final class PlaneCurves {
    private PlaneCurves() {}

    /** The lima bean: radius {@code sin^3 u + cos^3 u} at angle {@code u = (t - pi) / 2 + pi} (not rotated). */
    public static double[] bean(double t) {
        double u = 0.5 * (t - Math.PI) + Math.PI;
        double r = Math.pow(Math.sin(u), 3) + Math.pow(Math.cos(u), 3);
        return new double[] {r * Math.cos(u), r * Math.sin(u)};
    }

    /** The wavy circle: radius {@code 1 + 0.13 sin 8t} at angle t. */
    public static double[] wavy(double t) {
        double r = 1 + 0.13 * Math.sin(8 * t);
        return new double[] {r * Math.cos(t), r * Math.sin(t)};
    }

    /** {@code n} points {@code [n][2]} at parameters {@code 2 pi i / n}. */
    public static double[][] trace(DoubleFunction<double[]> curve, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            p[i] = curve.apply(2 * Math.PI * i / n);
        }
        return p;
    }
}
