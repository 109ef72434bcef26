package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Test data: small seeded colour images. */
public final class ColourRamps {
    private ColourRamps() {}

    /** Smooth seeded colour images {@code [n, c, s, s]} in (0, 1): a random colour ramp per image and channel. */
    public static NDArray of(NDManager nd, int n, int c, int s, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n * c * s * s];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                double a = random.nextGaussian();
                double u = 2 * random.nextGaussian();
                double w = 2 * random.nextGaussian();
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        v[k++] = (float) (1 / (1 + Math.exp(-(a + u * y / s + w * x / s))));
                    }
                }
            }
        }
        return nd.create(v, new Shape(n, c, s, s));
    }

}
