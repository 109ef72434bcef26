package org.mppm.examples.plot;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;

/** A mad-toy panel: the data, sample trajectories coloured by sample, and the final samples. */
public final class TrajectoryFigure {
    private static final int FINALS_SHOWN = 1000;

    private TrajectoryFigure() {}

    /**
     * @param extent half the side of the square window
     * @param data   data points {@code [x0, y0, x1, y1, ...]}, drawn grey
     * @param path   the drawn samples' states, step by step, each {@code [x0, y0, ...]}
     * @param finals the final samples (the first 1,000 are drawn)
     */
    public static JFreeChart of(double extent, double[] data, List<double[]> path, double[] finals, String title) {
        XyChart.Builder chart = XyChart.builder(title).square(extent).axes("x (data units)", "y (data units)")
                .points("data", data, new Color(190, 190, 190), 2.5);
        if (!path.isEmpty()) {
            int shown = path.get(0).length / 2;
            for (int i = 0; i < shown; i++) {
                double[] line = new double[2 * path.size()];
                for (int s = 0; s < path.size(); s++) {
                    line[2 * s] = path.get(s)[2 * i];
                    line[2 * s + 1] = path.get(s)[2 * i + 1];
                }
                float hue = (float) i / Math.max(1, shown);
                chart.line(i == 0 ? "sample paths (one colour each)" : null, line, Color.getHSBColor(hue, 0.7f, 0.8f), 1f);
            }
        }
        chart.points("final samples", Arrays.copyOf(finals, Math.min(finals.length, 2 * FINALS_SHOWN)), new Color(20, 40, 160), 3);
        return chart.build();
    }
}
