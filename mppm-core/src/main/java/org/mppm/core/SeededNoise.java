package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Reproducible random arrays, drawn on the host from a {@link SplittableRandom} seeded by the
 * caller, so the same seed gives the same numbers on every engine and device, whatever other
 * threads draw (the engines' own generators are global state). No method of this class touches
 * the engine's generator.
 *
 * <p>Two ways to use it:
 * <ul>
 *   <li>The static methods draw one array from a fresh generator seeded with {@code seed}
 *       (counter-based streams: derive a seed per step).</li>
 *   <li>An instance is a generator of its own ({@code new SeededNoise(seed)}), drawn from in
 *       sequence, e.g. by one fit for its initial parameters, training noise and dropout masks.
 *       Its normals come from {@link SplittableRandom#nextGaussian()} (the JDK's ziggurat method),
 *       so an instance and the static {@link #normal(NDManager, Shape, DataType, long)} with the
 *       same seed give different numbers. An instance is not thread-safe: one per fit or task,
 *       or {@link #split()} one off for another thread. Its methods are named {@code next...} so
 *       that they never overload the static ones (a {@code long} seed is not a sigma).</li>
 * </ul>
 * Each array is filled on the host and reaches the engine in one transfer; the result is
 * engine-owned (it does not read the host buffer, see {@link HostArrays}), so autograd may keep it.
 * Draw once per batch or step, never per sample.
 */
public final class SeededNoise {
    private final SplittableRandom random;

    /** A generator of its own: the same seed gives the same sequence of draws. */
    public SeededNoise(long seed) {
        this(new SplittableRandom(seed));
    }

    private SeededNoise(SplittableRandom random) {
        this.random = random;
    }

    /** A new generator, statistically independent of this one; advances this one (SplittableRandom.split). */
    public SeededNoise split() {
        return new SeededNoise(random.split());
    }

    /** A uniformly distributed long, e.g. the seed of a counter-based stream. */
    public long nextLong() {
        return random.nextLong();
    }

    /** A uniform int in {@code [0, bound)}, {@code bound > 0}. */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** {@code n} values of {@code N(0, sigma^2)} on the host, in draw order. */
    public float[] nextNormals(int n, double sigma) {
        Checks.requireAtLeast("n", n, 0);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (sigma * random.nextGaussian());
        }
        return v;
    }

    /** {@code n} values uniform in {@code [lo, hi)} on the host, in draw order. */
    public float[] nextUniforms(int n, double lo, double hi) {
        Checks.requireAtLeast("n", n, 0);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return v;
    }

    /**
     * Values of {@code N(0, sigma^2)} of the given shape and floating type, engine-owned in
     * {@code manager} (one transfer). FLOAT64 arrays are drawn in double precision.
     */
    public NDArray nextNormal(NDManager manager, Shape shape, DataType type, double sigma) {
        int n = size(shape);
        if (type == DataType.FLOAT64) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = sigma * random.nextGaussian();
            }
            return owned(manager.create(v, shape), type);
        }
        return owned(manager.create(nextNormals(n, sigma), shape), type);
    }

    /**
     * Values uniform in {@code [lo, hi)} of the given shape and floating type, engine-owned in
     * {@code manager} (one transfer). FLOAT64 arrays are drawn in double precision.
     */
    public NDArray nextUniform(NDManager manager, Shape shape, DataType type, double lo, double hi) {
        int n = size(shape);
        if (type == DataType.FLOAT64) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = lo + (hi - lo) * random.nextDouble();
            }
            return owned(manager.create(v, shape), type);
        }
        return owned(manager.create(nextUniforms(n, lo, hi), shape), type);
    }

    /**
     * A mask of the given shape and floating type whose entries are 1 with probability
     * {@code keep} and 0 otherwise, independently (each entry is {@code u >= 1 - keep} for a uniform
     * u in [0, 1)); engine-owned in {@code manager}, one transfer.
     */
    public NDArray nextBernoulli(NDManager manager, Shape shape, DataType type, double keep) {
        if (!(keep >= 0 && keep <= 1)) {
            throw new IllegalArgumentException("keep probability must lie in [0, 1], got " + keep);
        }
        int n = size(shape);
        double threshold = 1 - keep;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() >= threshold ? 1f : 0f;
        }
        return owned(manager.create(v, shape), type);
    }

    /** INT64 values uniform in {@code [lo, hi)} ({@code lo < hi}) of the given shape, engine-owned in {@code manager}. */
    public NDArray nextIntegers(NDManager manager, Shape shape, long lo, long hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("integers need lo < hi, got [" + lo + ", " + hi + ")");
        }
        long[] v = new long[size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextLong(lo, hi);
        }
        return owned(manager.create(v, shape), DataType.INT64);
    }

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

    private static int size(Shape shape) {
        long n = shape.size();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + shape + " has " + n + " values, more than one host buffer holds");
        }
        return (int) n;
    }

    /** An engine-owned copy of a host-made array in {@code type}; closes the host-made one. */
    private static NDArray owned(NDArray hostMade, DataType type) {
        try (hostMade) {
            return HostArrays.convert(hostMade, type);
        }
    }
}
