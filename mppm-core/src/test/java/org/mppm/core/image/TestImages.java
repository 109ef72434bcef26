package org.mppm.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Deterministic test images (no engine randomness). */
public final class TestImages {
    private TestImages() {}

    /** x[i, j] = (sin(0.7 i) cos(0.4 j) + 1) / 2 as [1, 1, H, W]. */
    public static NDArray wave(NDManager m, int h, int w) {
        float[] v = new float[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                v[i * w + j] = (float) ((Math.sin(0.7 * i) * Math.cos(0.4 * j) + 1) / 2);
            }
        }
        return m.create(v, new Shape(1, 1, h, w));
    }

    /** y = clip(x + 0.2 sin(1.3 i + 0.5 j), 0, 1) for the wave above. */
    public static NDArray perturbedWave(NDManager m, int h, int w) {
        float[] v = new float[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double x = (Math.sin(0.7 * i) * Math.cos(0.4 * j) + 1) / 2;
                v[i * w + j] = (float) Math.max(0, Math.min(1, x + 0.2 * Math.sin(1.3 * i + 0.5 * j)));
            }
        }
        return m.create(v, new Shape(1, 1, h, w));
    }

    /** A batch [B, C, H, W] of values in [0, 1] from a simple hash (deterministic, rough texture). */
    public static NDArray hashed(NDManager m, int b, int c, int h, int w, long seed) {
        float[] v = new float[b * c * h * w];
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return m.create(v, new Shape(b, c, h, w));
    }
}
