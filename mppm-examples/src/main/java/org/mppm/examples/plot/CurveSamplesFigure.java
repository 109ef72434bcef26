package org.mppm.examples.plot;

import java.awt.Color;
import java.util.function.DoubleFunction;
import org.jfree.chart.JFreeChart;
import org.mppm.models.data.PlaneCurves;

/** A smoothing-curves panel: samples near a closed plane curve and its training points. */
public final class CurveSamplesFigure {
    private static final Color SAMPLES = new Color(40, 70, 170);

    private CurveSamplesFigure() {}

    /** Samples {@code xy} (x, y pairs) over the curve (400 points) and the training points, in {@code [-extent, extent]^2}. */
    public static JFreeChart of(String title, double[] xy, double[][] train, DoubleFunction<double[]> curve, double extent) {
        double[][] line = PlaneCurves.trace(curve, 400);
        double[] closed = new double[2 * (line.length + 1)];
        for (int i = 0; i <= line.length; i++) {
            closed[2 * i] = line[i % line.length][0];
            closed[2 * i + 1] = line[i % line.length][1];
        }
        double[] points = new double[2 * train.length];
        for (int i = 0; i < train.length; i++) {
            points[2 * i] = train[i][0];
            points[2 * i + 1] = train[i][1];
        }
        // samples on top: memorised samples sit on the training points
        return XyChart.builder(title).square(extent).axes("x (data units)", "y (data units)")
                .line("curve", closed, Color.LIGHT_GRAY, 1f)
                .points("training points", points, Color.RED, 8)
                .points("samples", xy, SAMPLES, 2.5).build();
    }
}
