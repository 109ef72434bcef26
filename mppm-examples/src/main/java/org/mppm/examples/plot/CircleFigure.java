package org.mppm.examples.plot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;

/**
 * The circle experiment's figure: DAE and MPPM restorations of the same test points side by side in
 * the xy-plane, over the upper unit half-circle and the training data (shifted down by 0.15 so the
 * restorations stay visible), each restoration coloured by its distance to the circle in
 * four equal bins from 0 to the largest distance of either method.
 */
public final class CircleFigure {
    static final int BINS = 4;
    /** Blue (closest) to red (farthest). */
    private static final Color[] BIN_COLOURS = {new Color(40, 70, 220), new Color(0, 160, 160), new Color(240, 150, 0),
        new Color(220, 30, 30)};
    private static final Color TRAINING = new Color(150, 190, 150);

    private CircleFigure() {}

    /**
     * @param clean   training points {@code [N][3]}
     * @param dae     the DAE's restorations {@code [M, 3]}
     * @param daeErr  their distances to the circle
     * @param mppm    MPPM's restorations {@code [M, 3]}
     * @param mppmErr their distances to the circle
     */
    public static ChartSheet of(double[][] clean, NDArray dae, double[] daeErr, NDArray mppm, double[] mppmErr) {
        double scale = 1e-12;
        for (double e : daeErr) {
            scale = Math.max(scale, e);
        }
        for (double e : mppmErr) {
            scale = Math.max(scale, e);
        }
        return ChartSheet.row("circle: restorations of the same noisy test points, coloured by distance to the circle",
                List.of(panel("DAE: G(F(x))", clean, xy(dae), daeErr, scale),
                        panel("MPPM: Algorithm 1", clean, xy(mppm), mppmErr, scale)), 600, 560);
    }

    private static JFreeChart panel(String title, double[][] clean, double[] restored, double[] err, double scale) {
        double[] train = new double[2 * ((clean.length + 3) / 4)];
        for (int i = 0, k = 0; i < clean.length; i += 4, k += 2) {
            train[k] = clean[i][0];
            train[k + 1] = clean[i][1] - 0.15;
        }
        XyChart.Builder chart = XyChart.builder(title).axes("x (data units)", "y (data units)")
                .xRange(-1.3, 1.3).yRange(-0.3, 1.4)
                .line("unit circle", XyChart.arc(0, Math.PI, 180), Color.LIGHT_GRAY, 1.5f)
                .points("training data (shifted down 0.15)", train, TRAINING, 2);
        for (int b = 0; b < BINS; b++) {
            double lo = scale * b / BINS;
            double hi = scale * (b + 1) / BINS;
            int count = 0;
            double[] xy = new double[restored.length];
            for (int i = 0; i < err.length; i++) {
                if (bin(err[i], scale) == b) {
                    xy[2 * count] = restored[2 * i];
                    xy[2 * count + 1] = restored[2 * i + 1];
                    count++;
                }
            }
            chart.points(String.format(Locale.ROOT, "distance %.3f to %.3f", lo, hi),
                    java.util.Arrays.copyOf(xy, 2 * count), BIN_COLOURS[b], 5);
        }
        return chart.build();
    }

    private static int bin(double err, double scale) {
        return Math.min(BINS - 1, (int) Math.floor(err / scale * BINS));
    }

    /** The first two coordinates of each row of {@code x} {@code [M, D]}, interleaved. */
    private static double[] xy(NDArray x) {
        double[] flat = x.toType(DataType.FLOAT64, false).toDoubleArray();
        int d = (int) x.getShape().get(1);
        double[] xy = new double[2 * (flat.length / d)];
        for (int i = 0; i < xy.length / 2; i++) {
            xy[2 * i] = flat[i * d];
            xy[2 * i + 1] = flat[i * d + 1];
        }
        return xy;
    }
}
