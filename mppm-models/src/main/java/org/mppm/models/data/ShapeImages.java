package org.mppm.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mppm.core.SeededNoise;

/**
 * A seeded data set of synthetic shape images, the data of MAD's synthetic experiment: filled
 * grayscale shapes ({@value #SHAPES}: square, triangle, cross) on black, rotated about the image
 * centre, anti-aliased, values in [0, 1], an image flat row-major {@code [S * S]} (as an array
 * {@code [N, 1, S, S]} by {@link #asImages}); and their corruption ({@link Corruption}): Gaussian
 * bumps subtracted at random points of the shape's boundary, then i.i.d. Gaussian noise (corrupted
 * values may leave [0, 1]). Generated on the host from {@link SplittableRandom}s: the same seed gives
 * the same images on any engine. Immutable and thread-safe.
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

    /**
     * How images are corrupted: {@code bumps} Gaussian bumps of height {@code depth} and standard
     * deviation {@code width} pixels subtracted at uniform points of the boundary, then i.i.d.
     * Gaussian noise of standard deviation {@code noise}.
     */
    public record Corruption(int bumps, double depth, double width, double noise) {
        public Corruption {
            if (bumps < 0 || !(depth >= 0) || !(width > 0) || !(noise >= 0) || !Double.isFinite(depth)
                    || !Double.isFinite(width) || !Double.isFinite(noise)) {
                throw new IllegalArgumentException("a corruption needs bumps >= 0, depth >= 0, width > 0 and noise >= 0,"
                        + " all finite; got bumps " + bumps + ", depth " + depth + ", width " + width + ", noise " + noise);
            }
        }
    }

    /**
     * {@code count} corrupted images, flat {@code [count * S * S]}: image i is a uniformly chosen
     * shape at a uniform rotation in [0, 2 pi), corrupted as {@code corruption} says, all drawn in
     * order from one {@code SplittableRandom(seed)}. The same seed gives the same images.
     */
    public double[] corruptedSet(int count, Corruption corruption, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        int pixels = size * size;
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[count * pixels];
        for (int i = 0; i < count; i++) {
            double[] v = corrupted(random.nextInt(SHAPES), 2 * Math.PI * random.nextDouble(), corruption.bumps(),
                    corruption.depth(), corruption.width(), corruption.noise(), random);
            System.arraycopy(v, 0, out, i * pixels, pixels);
        }
        return out;
    }

    /**
     * The clean images of every shape at {@code angles} evenly spaced rotations ({@code 360}: every
     * whole degree), shape by shape: {@code [SHAPES * angles][S * S]}, the reference set of
     * {@link #meanNearestDistance}.
     */
    public double[][] references(int angles) {
        if (angles < 1) {
            throw new IllegalArgumentException("angles must be >= 1, got " + angles);
        }
        double[][] reference = new double[SHAPES * angles][];
        for (int k = 0; k < SHAPES; k++) {
            for (int d = 0; d < angles; d++) {
                reference[k * angles + d] = clean(k, Math.toRadians(360.0 * d / angles));
            }
        }
        return reference;
    }

    /**
     * The mean over images of the L2 distance to the nearest reference image: {@code flat} holds
     * images of {@code pixels} values each, row after row, as does every reference.
     */
    public static double meanNearestDistance(double[] flat, double[][] reference, int pixels) {
        if (pixels < 1 || flat.length % pixels != 0 || flat.length == 0 || reference.length == 0) {
            throw new IllegalArgumentException("need whole images of " + pixels + " pixels and references, got "
                    + flat.length + " values and " + reference.length + " references");
        }
        int n = flat.length / pixels;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] r : reference) {
                double ss = 0;
                for (int j = 0; j < pixels && ss < best; j++) {
                    double d = flat[i * pixels + j] - r[j];
                    ss += d * d;
                }
                best = Math.min(best, ss);
            }
            total += Math.sqrt(best);
        }
        return total / n;
    }

    /** The first {@code count} images of flat {@code images} as a float32 array {@code [count, 1, S, S]} in {@code manager}. */
    public NDArray asImages(NDManager manager, double[] images, int count) {
        int pixels = size * size;
        if (count < 0 || (long) count * pixels > images.length) {
            throw new IllegalArgumentException("count must lie in [0, " + images.length / pixels + "], got " + count);
        }
        float[] f = new float[count * pixels];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) images[i];
        }
        return manager.create(f, new Shape(count, 1, size, size));
    }

    private java.awt.Shape outline(int k, double angle) {
        double c = size / 2.0;
        double r = size * 0.3;
        java.awt.Shape base;
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
    private static List<double[]> boundary(java.awt.Shape shape) {
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
