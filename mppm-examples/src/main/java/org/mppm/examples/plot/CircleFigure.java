package org.mppm.examples.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** The circle experiment's figure: DAE and MPPM restorations of the same test points side by side, coloured by error. */
public final class CircleFigure {
    private CircleFigure() {}

    /**
     * @param clean   training points {@code [N][3]}, drawn shifted down
     * @param dae     the DAE's restorations {@code [M, 3]}
     * @param daeErr  their distances to the circle
     * @param mppm    MPPM's restorations {@code [M, 3]}
     * @param mppmErr their distances to the circle
     */
    public static BufferedImage of(double[][] clean, NDArray dae, double[] daeErr, NDArray mppm, double[] mppmErr) {
        double scale = 0;
        for (double e : daeErr) {
            scale = Math.max(scale, e);
        }
        for (double e : mppmErr) {
            scale = Math.max(scale, e);
        }
        return Figure.sideBySide(panel("DAE: G(F(x))", clean, rows(dae), daeErr, scale),
                panel("MPPM: Algorithm 1", clean, rows(mppm), mppmErr, scale));
    }

    private static BufferedImage panel(String title, double[][] clean, double[][] restored, double[] err, double scale) {
        Figure f = new Figure(600, 640, -1.3, 1.3, -0.3, 1.4).title(title + String.format(Locale.ROOT,
                " (colour: distance to circle, 0 to %.3f)", scale));
        for (int i = 0; i < 180; i++) {
            double a = Math.PI * i / 180;
            double b = Math.PI * (i + 1) / 180;
            f.line(Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b), Color.LIGHT_GRAY, 1.5f);
        }
        for (int i = 0; i < clean.length; i += 4) {
            f.point(clean[i][0], clean[i][1] - 0.15, 1, new Color(150, 190, 150));
        }
        for (int i = 0; i < restored.length; i++) {
            f.point(restored[i][0], restored[i][1], 2.5, heat(err[i] / scale));
        }
        return f.legend("training data (shifted down)", new Color(150, 190, 150)).legend("low error", heat(0))
                .legend("high error", heat(1)).render();
    }

    /** Blue (0) to red (1). */
    private static Color heat(double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) (40 + 215 * u), (int) (60 + 80 * (1 - Math.abs(2 * u - 1))), (int) (230 * (1 - u)));
    }

    private static double[][] rows(NDArray x) {
        double[] flat = x.toType(DataType.FLOAT64, false).toDoubleArray();
        int d = (int) x.getShape().get(1);
        double[][] r = new double[flat.length / d][d];
        for (int i = 0; i < r.length; i++) {
            System.arraycopy(flat, i * d, r[i], 0, d);
        }
        return r;
    }
}
