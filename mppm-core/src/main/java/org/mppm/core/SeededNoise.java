package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Reproducible random arrays: drawn on the host from a {@link SplittableRandom} seeded by the
 * caller, so the same seed gives the same numbers on every engine and device (the engines' own
 * generators are global state). One transfer per call; use it to draw once, not per iteration.
 */
public final class SeededNoise {
    private SeededNoise() {}

    /** Standard normal values of the given shape and type, owned by {@code manager}. */
    public static NDArray normal(NDManager manager, Shape shape, DataType type, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = gaussian(random);
        }
        try (NDArray d = manager.create(v, shape)) {
            return HostArrays.convert(d, type);
        }
    }

    /** Uniform values in [lo, hi) of the given shape and type, owned by {@code manager}. */
    public static NDArray uniform(NDManager manager, Shape shape, DataType type, double lo, double hi, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * random.nextDouble();
        }
        try (NDArray d = manager.create(v, shape)) {
            return HostArrays.convert(d, type);
        }
    }

    /** One standard normal value (Marsaglia polar method), deterministic for a seeded source. */
    public static double gaussian(SplittableRandom random) {
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
