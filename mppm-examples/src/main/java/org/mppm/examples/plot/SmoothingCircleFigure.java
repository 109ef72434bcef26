package org.mppm.examples.plot;

import java.awt.Color;
import java.util.Locale;
import org.jfree.chart.JFreeChart;

/** The smoothing-circle figure's panels: samples at a smoothing width, and the NLL curve. */
public final class SmoothingCircleFigure {
    private static final Color OURS = new Color(40, 70, 170);

    private SmoothingCircleFigure() {}

    /** Reverse-SDE samples {@code xy} (x, y pairs) at width sigma, over the circle and the training points {@code [N][2]}. */
    public static JFreeChart samples(double sigma, double[] xy, double[][] train) {
        double[] points = new double[2 * train.length];
        for (int i = 0; i < train.length; i++) {
            points[2 * i] = train[i][0];
            points[2 * i + 1] = train[i][1];
        }
        // samples on top: memorised samples sit on the training points
        return XyChart.builder(String.format(Locale.ROOT, "samples, smoothing sigma = %.2f", sigma)).square(1.6)
                .axes("x (data units)", "y (data units)")
                .line("unit circle", XyChart.arc(0, 2 * Math.PI, 180), Color.LIGHT_GRAY, 1f)
                .points("training points", points, Color.RED, 10)
                .points("samples", xy, OURS, 3).build();
    }

    /** The population NLL against sigma, with the authors' values when given (null: none). */
    public static JFreeChart nll(double[] sigmas, double[] nll, double[] authors) {
        XyChart.Builder chart = XyChart.builder("population NLL on the true circle vs smoothing width")
                .axes("smoothing width sigma (data units)", "NLL (nats per point)")
                .lineWithPoints("ours", XyChart.interleave(sigmas, nll), OURS, 2f, 7);
        if (authors != null) {
            chart.lineWithPoints("authors (smoothing.md)", XyChart.interleave(sigmas, authors), Color.GRAY, 1.5f, 5);
        }
        return chart.build();
    }
}
