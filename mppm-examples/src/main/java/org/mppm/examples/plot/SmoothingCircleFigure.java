package org.mppm.examples.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** The smoothing-circle figure's panels: samples at a smoothing width, and the NLL curve. */
public final class SmoothingCircleFigure {
    private SmoothingCircleFigure() {}

    /** Reverse-SDE samples {@code xy} (x, y pairs) at width sigma, over the circle and the training points. */
    public static BufferedImage samples(double sigma, double[] xy, double[][] train) {
        Figure f = new Figure(420, 420, -1.6, 1.6, -1.6, 1.6).title(String.format(Locale.ROOT, "samples, sigma = %.2f", sigma));
        for (int i = 0; i < 180; i++) {
            double a = 2 * Math.PI * i / 180;
            double b = 2 * Math.PI * (i + 1) / 180;
            f.line(Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b), Color.LIGHT_GRAY, 1f);
        }
        for (double[] p : train) {
            f.point(p[0], p[1], 5, Color.RED);
        }
        for (int i = 0; i + 1 < xy.length; i += 2) { // on top: memorised samples sit on the training points
            f.point(xy[i], xy[i + 1], 1.5, new Color(40, 70, 170));
        }
        return f.legend("samples", new Color(40, 70, 170)).legend("training points", Color.RED).render();
    }

    /** The population NLL against sigma, with the authors' values when given (null: none). */
    public static BufferedImage nll(double[] sigmas, double[] nll, double[] authors) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < nll.length; s++) {
            lo = Math.min(lo, Math.min(nll[s], authors != null ? authors[s] : nll[s]));
            hi = Math.max(hi, Math.max(nll[s], authors != null ? authors[s] : nll[s]));
        }
        double pad = 0.1 * (hi - lo + 1e-9);
        double xLo = sigmas[0] - 0.02;
        double xHi = sigmas[sigmas.length - 1] + 0.02;
        Figure f = new Figure(420, 420, xLo, xHi, lo - pad, hi + pad).title("population NLL vs sigma");
        f.polyline(sigmas, nll, new Color(40, 70, 170), 2f);
        for (int s = 0; s < sigmas.length; s++) {
            f.point(sigmas[s], nll[s], 3.5, new Color(40, 70, 170));
        }
        f.legend("ours", new Color(40, 70, 170));
        if (authors != null) {
            f.polyline(sigmas, authors, Color.GRAY, 1.5f);
            f.legend("authors (smoothing.md)", Color.GRAY);
        }
        f.line(xLo, 0, xHi, 0, Color.LIGHT_GRAY, 1f);
        return f.render();
    }
}
