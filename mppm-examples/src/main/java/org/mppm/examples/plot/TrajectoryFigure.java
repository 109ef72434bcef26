package org.mppm.examples.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/** A mad-toy panel: the data, sample trajectories coloured by sample, and the final samples. */
public final class TrajectoryFigure {
    private TrajectoryFigure() {}

    /**
     * @param extent half the side of the square window
     * @param data   data points {@code [x0, y0, x1, y1, ...]}, drawn grey
     * @param path   the drawn samples' states, step by step, each {@code [x0, y0, ...]}
     * @param finals the final samples (the first 1,000 are drawn)
     */
    public static BufferedImage of(double extent, double[] data, List<double[]> path, double[] finals, String title) {
        Figure plot = Figure.square(480, extent).title(title);
        plot.points(data, new Color(200, 200, 200), 1.2);
        if (!path.isEmpty()) {
            int shown = path.get(0).length / 2;
            for (int i = 0; i < shown; i++) {
                double[] line = new double[2 * path.size()];
                for (int s = 0; s < path.size(); s++) {
                    line[2 * s] = path.get(s)[2 * i];
                    line[2 * s + 1] = path.get(s)[2 * i + 1];
                }
                float hue = (float) i / Math.max(1, shown);
                plot.path(line, Color.getHSBColor(hue, 0.7f, 0.8f));
            }
        }
        int drawn = Math.min(finals.length, 2 * 1000);
        double[] head = Arrays.copyOf(finals, drawn);
        plot.points(head, new Color(20, 40, 160), 1.5);
        return plot.render();
    }
}
