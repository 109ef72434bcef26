package org.mppm.core.image.degrade;

import java.util.SplittableRandom;

/** Seeded host-side random buffers (one transfer to the engine per call). */
final class HostRandom {
    private HostRandom() {}

    /** {@code n} standard normal values from {@code SplittableRandom(seed)}. */
    static float[] normal(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }

    /** {@code n} values uniform in [-1, 1) from {@code SplittableRandom(seed)}. */
    static float[] symmetricUniform(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return out;
    }

    static int checkedSize(long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch too large for one host buffer: " + n + " values");
        }
        return (int) n;
    }
}
