package org.mppm.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * A small 2-D plot drawn with Java2D: data coordinates in a fixed box, points, polylines,
 * a title and a legend. Enough for the papers' trajectory and scatter figures, no dependency.
 */
public final class Figure {
    private static final int MARGIN = 40;

    private final BufferedImage image;
    private final Graphics2D g;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private int legendLines;

    /** A white {@code width x height} canvas showing the data box [xMin, xMax] x [yMin, yMax]. */
    public Figure(int width, int height, double xMin, double xMax, double yMin, double yMax) {
        if (width <= 2 * MARGIN || height <= 2 * MARGIN) {
            throw new IllegalArgumentException("a figure needs more than " + 2 * MARGIN + " pixels each way, got "
                    + width + " x " + height);
        }
        if (!(xMax > xMin) || !(yMax > yMin)) {
            throw new IllegalArgumentException("empty data box [" + xMin + ", " + xMax + "] x [" + yMin + ", " + yMax + "]");
        }
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(220, 220, 220));
        g.drawRect(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    /** A square figure of {@code [-extent, extent]^2}. */
    public static Figure square(int pixels, double extent) {
        return new Figure(pixels, pixels, -extent, extent, -extent, extent);
    }

    /** Dots of the given pixel radius at interleaved points {@code [x0, y0, x1, y1, ...]}. */
    public Figure points(double[] xy, Color color, double radius) {
        for (int i = 0; i + 1 < xy.length; i += 2) {
            point(xy[i], xy[i + 1], radius, color);
        }
        return this;
    }

    /** A polyline through interleaved points {@code [x0, y0, x1, y1, ...]}. */
    public Figure path(double[] xy, Color color) {
        double[] xs = new double[xy.length / 2];
        double[] ys = new double[xy.length / 2];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = xy[2 * i];
            ys[i] = xy[2 * i + 1];
        }
        return polyline(xs, ys, color, 1f);
    }

    /** Panels placed left to right on white, as high as the highest. */
    public static BufferedImage sideBySide(BufferedImage... panels) {
        int w = 0;
        int h = 0;
        for (BufferedImage p : panels) {
            w += p.getWidth();
            h = Math.max(h, p.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            int x = 0;
            for (BufferedImage p : panels) {
                g.drawImage(p, x, 0, null);
                x += p.getWidth();
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Panels placed top to bottom on white, as wide as the widest. */
    public static BufferedImage stacked(BufferedImage... rows) {
        int w = 0;
        int h = 0;
        for (BufferedImage r : rows) {
            w = Math.max(w, r.getWidth());
            h += r.getHeight();
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            int y = 0;
            for (BufferedImage r : rows) {
                g.drawImage(r, 0, y, null);
                y += r.getHeight();
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    public double px(double x) {
        return MARGIN + (x - xMin) / (xMax - xMin) * (image.getWidth() - 2 * MARGIN);
    }

    public double py(double y) {
        return image.getHeight() - MARGIN - (y - yMin) / (yMax - yMin) * (image.getHeight() - 2 * MARGIN);
    }

    public Figure title(String text) {
        g.setColor(Color.BLACK);
        g.drawString(text, MARGIN, MARGIN - 12);
        return this;
    }

    /** A legend entry in the top-right corner. */
    public Figure legend(String text, Color color) {
        int x = image.getWidth() - MARGIN - 170;
        int y = MARGIN + 16 + 16 * legendLines++;
        g.setColor(color);
        g.fillRect(x, y - 9, 10, 10);
        g.setColor(Color.BLACK);
        g.drawString(text, x + 16, y);
        return this;
    }

    public Figure point(double x, double y, double radius, Color color) {
        g.setColor(color);
        g.fill(new Ellipse2D.Double(px(x) - radius, py(y) - radius, 2 * radius, 2 * radius));
        return this;
    }

    public Figure line(double x0, double y0, double x1, double y1, Color color, float width) {
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        g.draw(new Line2D.Double(px(x0), py(y0), px(x1), py(y1)));
        return this;
    }

    /** A polyline through {@code (xs[i], ys[i])}. */
    public Figure polyline(double[] xs, double[] ys, Color color, float width) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            if (i == 0) {
                path.moveTo(px(xs[i]), py(ys[i]));
            } else {
                path.lineTo(px(xs[i]), py(ys[i]));
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        g.draw(path);
        return this;
    }

    /** Finishes drawing and returns the image. */
    public BufferedImage render() {
        g.dispose();
        return image;
    }
}
