package org.mppm.core.image.degrade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.mppm.core.image.ImageBatch;

/**
 * Random scribbles: {@code count} strokes per image of {@code [B, C, H, W]}, each a quadratic
 * Bezier curve through three uniform random points of the image, drawn as a round pen of
 * {@code width} pixels in one random colour (each channel uniform in [0, 1]; on grey images a grey
 * level); later strokes paint over earlier ones. Table 5: 13 mild, 20 severe (also 6). With the same
 * seed, more strokes draw the same strokes and more, so the painted area only grows.
 *
 * @param count number of strokes, >= 0
 * @param width pen width in pixels; 0 means {@code max(1, round(min(H, W) / 30))} (4 px on 120 x 120,
 *     1 px on 28 x 28)
 */
public record Scribbles(int count, double width) implements Degradation {

    public Scribbles {
        if (count < 0) {
            throw new IllegalArgumentException("number of scribbles must be >= 0; got " + count);
        }
        if (!(width >= 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("pen width must be finite and >= 0 (0 = automatic); got " + width);
        }
    }

    /** Automatic pen width. */
    public static Scribbles ofCount(int count) {
        return new Scribbles(count, 0);
    }

    /** The pen width used on an H x W image. */
    public double penWidth(int height, int width) {
        return this.width > 0 ? this.width : Math.max(1, Math.round(Math.min(height, width) / 30.0));
    }

    @Override
    public NDArray apply(NDArray images, long seed) {
        Shape s = ImageBatch.requireUnitRange(images, "images");
        Overlay o = new Overlay(s);
        double radius = penWidth(o.h, o.w) / 2;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int n = 0; n < o.b; n++) {
            SplittableRandom r = rng.split();
            for (int k = 0; k < count; k++) {
                float[] colour = new float[o.c];
                for (int ch = 0; ch < o.c; ch++) {
                    colour[ch] = (float) r.nextDouble();
                }
                double[] px = {r.nextDouble() * o.w, r.nextDouble() * o.w, r.nextDouble() * o.w};
                double[] py = {r.nextDouble() * o.h, r.nextDouble() * o.h, r.nextDouble() * o.h};
                stroke(o, n, px, py, radius, colour);
            }
        }
        return o.composite(images);
    }

    private static void stroke(Overlay o, int n, double[] px, double[] py, double radius, float[] colour) {
        double length = Math.hypot(px[1] - px[0], py[1] - py[0]) + Math.hypot(px[2] - px[1], py[2] - py[1]);
        int steps = Math.max(2, (int) Math.ceil(length * 4));
        double reach = Math.max(radius, 0.5);
        for (int i = 0; i <= steps; i++) {
            double t = (double) i / steps;
            double a = (1 - t) * (1 - t);
            double b = 2 * (1 - t) * t;
            double c = t * t;
            double cx = a * px[0] + b * px[1] + c * px[2];
            double cy = a * py[0] + b * py[1] + c * py[2];
            int x0 = Math.max(0, (int) Math.floor(cx - reach));
            int x1 = Math.min(o.w - 1, (int) Math.ceil(cx + reach));
            int y0 = Math.max(0, (int) Math.floor(cy - reach));
            int y1 = Math.min(o.h - 1, (int) Math.ceil(cy + reach));
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    double dx = x + 0.5 - cx;
                    double dy = y + 0.5 - cy;
                    if (dx * dx + dy * dy <= reach * reach) {
                        o.set(n, y, x, colour);
                    }
                }
            }
        }
    }

    @Override
    public String key() {
        return "scribble-" + count;
    }
}
