package org.mppm.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A minimal 2-D plot on a {@link BufferedImage}: points and polylines in data coordinates over a
 * fixed window, a title, a frame. Layers are drawn in the order they were added. Points and
 * paths are flat {@code [x0, y0, x1, y1, ...]} arrays. Not thread-safe while being built.
 */
public final class ScatterPlot {
    private static final int MARGIN = 24;

    private final int width;
    private final int height;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final List<Consumer<Graphics2D>> layers = new ArrayList<>();
    private String title = "";

    /** A {@code width x height} pixel plot of the window {@code [xMin, xMax] x [yMin, yMax]}. */
    public ScatterPlot(int width, int height, double xMin, double xMax, double yMin, double yMax) {
        if (width < 2 * MARGIN + 10 || height < 2 * MARGIN + 10) {
            throw new IllegalArgumentException("plot must be at least " + (2 * MARGIN + 10) + " pixels each way, got "
                    + width + " x " + height);
        }
        if (!(xMax > xMin) || !(yMax > yMin)) {
            throw new IllegalArgumentException("window must have xMax > xMin and yMax > yMin, got [" + xMin + ", "
                    + xMax + "] x [" + yMin + ", " + yMax + "]");
        }
        this.width = width;
        this.height = height;
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
    }

    /** A square plot of {@code [-extent, extent]^2}. */
    public static ScatterPlot square(int pixels, double extent) {
        return new ScatterPlot(pixels, pixels, -extent, extent, -extent, extent);
    }

    public ScatterPlot title(String title) {
        this.title = title;
        return this;
    }

    /** Dots of the given pixel radius at the points {@code [x0, y0, x1, y1, ...]}. */
    public ScatterPlot points(double[] xy, Color color, double radius) {
        double[] copy = xy.clone();
        layers.add(g -> {
            g.setColor(color);
            for (int i = 0; i + 1 < copy.length; i += 2) {
                g.fill(new Ellipse2D.Double(px(copy[i]) - radius, py(copy[i + 1]) - radius, 2 * radius, 2 * radius));
            }
        });
        return this;
    }

    /** A polyline through the points {@code [x0, y0, x1, y1, ...]}. */
    public ScatterPlot path(double[] xy, Color color) {
        double[] copy = xy.clone();
        layers.add(g -> {
            if (copy.length < 4) {
                return;
            }
            Path2D.Double line = new Path2D.Double();
            line.moveTo(px(copy[0]), py(copy[1]));
            for (int i = 2; i + 1 < copy.length; i += 2) {
                line.lineTo(px(copy[i]), py(copy[i + 1]));
            }
            g.setColor(color);
            g.setStroke(new BasicStroke(1f));
            g.draw(line);
        });
        return this;
    }

    /** Draws the plot. */
    public BufferedImage render() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.clipRect(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN);
            for (Consumer<Graphics2D> layer : layers) {
                layer.accept(g);
            }
            g.setClip(null);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(title, MARGIN, MARGIN - 7);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Panels of equal height placed left to right. */
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

    /** Rows placed top to bottom (each row, e.g., a {@link #sideBySide} strip). */
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

    private double px(double x) {
        return MARGIN + (x - xMin) / (xMax - xMin) * (width - 2 * MARGIN);
    }

    private double py(double y) {
        return height - MARGIN - (y - yMin) / (yMax - yMin) * (height - 2 * MARGIN);
    }
}
