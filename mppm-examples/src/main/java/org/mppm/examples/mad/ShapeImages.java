package org.mppm.examples.mad;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mppm.core.SeededNoise;

/**
 * MAD's synthetic shape images (mad.md experiment 4): a few filled grayscale shapes (square,
 * triangle, cross) on black, rotated about the image centre, anti-aliased, values in [0, 1],
 * flat row-major {@code [size * size]}; and their corruption: Gaussian bumps subtracted at random
 * points of the shape's boundary, then i.i.d. Gaussian noise.
 */
public final class ShapeImages {
    /** The number of shapes. */
    public static final int SHAPES = 3;

    private final int size;

    /** Images of {@code size x size} pixels, {@code size >= 8}. */
    public ShapeImages(int size) {
        if (size < 8) {
            throw new IllegalArgumentException("size must be >= 8, got " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** Clean image of shape {@code k} (0..SHAPES-1) rotated by {@code angle} radians. */
    public double[] clean(int k, double angle) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, size, size);
            g.setColor(Color.WHITE);
            g.fill(outline(k, angle));
        } finally {
            g.dispose();
        }
        double[] v = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                v[y * size + x] = (image.getRaster().getSample(x, y, 0)) / 255.0;
            }
        }
        return v;
    }

    /**
     * A corrupted copy: {@code bumps} Gaussian bumps of height {@code depth} and width
     * {@code bumpWidth} pixels subtracted at uniformly chosen points of the shape's boundary, then
     * i.i.d. noise of standard deviation {@code noise}.
     */
    public double[] corrupted(int k, double angle, int bumps, double depth, double bumpWidth, double noise,
            SplittableRandom random) {
        double[] v = clean(k, angle);
        List<double[]> boundary = boundary(outline(k, angle));
        for (int b = 0; b < bumps; b++) {
            double[] p = boundary.get(random.nextInt(boundary.size()));
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dx = x + 0.5 - p[0];
                    double dy = y + 0.5 - p[1];
                    v[y * size + x] -= depth * Math.exp(-(dx * dx + dy * dy) / (2 * bumpWidth * bumpWidth));
                }
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] += noise * SeededNoise.gaussian(random);
        }
        return v;
    }

    private Shape outline(int k, double angle) {
        double c = size / 2.0;
        double r = size * 0.3;
        Shape base;
        switch (k) {
            case 0 -> base = new java.awt.geom.Rectangle2D.Double(c - r * 0.8, c - r * 0.8, 1.6 * r, 1.6 * r);
            case 1 -> {
                Path2D.Double t = new Path2D.Double();
                for (int i = 0; i < 3; i++) {
                    double a = -Math.PI / 2 + 2 * Math.PI * i / 3;
                    if (i == 0) {
                        t.moveTo(c + r * Math.cos(a), c + r * Math.sin(a));
                    } else {
                        t.lineTo(c + r * Math.cos(a), c + r * Math.sin(a));
                    }
                }
                t.closePath();
                base = t;
            }
            case 2 -> {
                double w = r * 0.35;
                double[][] pts = {{-w, -r}, {w, -r}, {w, -w}, {r, -w}, {r, w}, {w, w}, {w, r}, {-w, r}, {-w, w},
                    {-r, w}, {-r, -w}, {-w, -w}};
                Path2D.Double p = new Path2D.Double();
                p.moveTo(c + pts[0][0], c + pts[0][1]);
                for (int i = 1; i < pts.length; i++) {
                    p.lineTo(c + pts[i][0], c + pts[i][1]);
                }
                p.closePath();
                base = p;
            }
            default -> throw new IllegalArgumentException("shape must be in [0, " + SHAPES + "), got " + k);
        }
        return AffineTransform.getRotateInstance(angle, c, c).createTransformedShape(base);
    }

    /** Points along the outline, about every half pixel. */
    private static List<double[]> boundary(Shape shape) {
        List<double[]> points = new ArrayList<>();
        PathIterator it = shape.getPathIterator(null, 0.1);
        double[] coords = new double[6];
        double startX = 0;
        double startY = 0;
        double lastX = 0;
        double lastY = 0;
        while (!it.isDone()) {
            int type = it.currentSegment(coords);
            if (type == PathIterator.SEG_MOVETO) {
                startX = coords[0];
                startY = coords[1];
                lastX = startX;
                lastY = startY;
            } else {
                double toX = type == PathIterator.SEG_CLOSE ? startX : coords[0];
                double toY = type == PathIterator.SEG_CLOSE ? startY : coords[1];
                int steps = Math.max(1, (int) Math.ceil(2 * Math.hypot(toX - lastX, toY - lastY)));
                for (int s = 0; s < steps; s++) {
                    double t = (double) s / steps;
                    points.add(new double[] {lastX + t * (toX - lastX), lastY + t * (toY - lastY)});
                }
                lastX = toX;
                lastY = toY;
            }
            it.next();
        }
        return points;
    }
}
