package org.mppm.examples.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.function.DoubleFunction;
import org.mppm.models.data.PlaneCurves;

/** A smoothing-curves panel: samples near a closed plane curve and its training points. */
public final class CurveSamplesFigure {
    private static final Color SAMPLES = new Color(40, 70, 170);

    private CurveSamplesFigure() {}

    /** Samples {@code xy} (x, y pairs) over the curve (400 points) and the training points, in {@code [-extent, extent]^2}. */
    public static BufferedImage of(String title, double[] xy, double[][] train, DoubleFunction<double[]> curve, double extent) {
        Figure f = new Figure(360, 360, -extent, extent, -extent, extent).title(title);
        double[][] line = PlaneCurves.trace(curve, 400);
        for (int i = 0; i < line.length; i++) {
            double[] a = line[i];
            double[] b = line[(i + 1) % line.length];
            f.line(a[0], a[1], b[0], b[1], Color.LIGHT_GRAY, 1f);
        }
        for (double[] p : train) {
            f.point(p[0], p[1], 4, Color.RED);
        }
        for (int i = 0; i + 1 < xy.length; i += 2) { // on top: memorised samples sit on the training points
            f.point(xy[i], xy[i + 1], 1.2, SAMPLES);
        }
        return f.render();
    }
}
