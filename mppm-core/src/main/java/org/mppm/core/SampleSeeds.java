package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Per-sample random streams for the rows {@code firstSample, ..., firstSample + count - 1} of a
 * job seeded with {@code seed}: sample {@code i} has the seed {@code of(seed, i)}, and its noise
 * at step (or stream) {@code k} is drawn from {@code of(of(seed, i), k)}. A row's noise therefore
 * depends only on (seed, sample, stream): never on the chunk it is computed in, the rows beside
 * it, or other threads. Noise is filled on the host, one transfer per draw, engine-owned.
 *
 * @param seed        the job's seed
 * @param firstSample the job index of the first row
 * @param count       the number of rows, {@code >= 1}
 */
public record SampleSeeds(long seed, long firstSample, int count) {

    public SampleSeeds {
        Checks.requireAtLeast("count", count, 1);
        if (firstSample < 0) {
            throw new IllegalArgumentException("firstSample must be >= 0, got " + firstSample);
        }
    }

    /** The rows of a batch {@code [B, ...]} that starts at sample {@code firstSample}. */
    public static SampleSeeds of(long seed, long firstSample, NDArray batch) {
        return new SampleSeeds(seed, firstSample, Math.toIntExact(batch.getShape().get(0)));
    }

    /** The seed of sample {@code sample} of the stream {@code seed} (SplitMix64 finaliser of both). */
    public static long of(long seed, long sample) {
        return mix(mix(seed) + 0x9E3779B97F4A7C15L * (sample + 1));
    }

    /** The seed of row {@code row} of this block, {@code of(seed, firstSample + row)}. */
    public long rowSeed(int row) {
        return of(seed, firstSample + row);
    }

    /**
     * Standard normal noise {@code [count, rowShape...]} of the given floating type, row b drawn
     * from {@code of(rowSeed(b), stream)} in double precision (Marsaglia's polar method), owned by
     * {@code manager}.
     */
    public NDArray normal(NDManager manager, Shape rowShape, DataType type, long stream) {
        long perRow = rowShape.size();
        long total = perRow * count;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("noise of " + count + " rows of " + rowShape + " exceeds one host buffer");
        }
        double[] v = new double[(int) total];
        for (int b = 0; b < count; b++) {
            SplittableRandom random = new SplittableRandom(of(rowSeed(b), stream));
            int base = (int) (b * perRow);
            for (int j = 0; j < perRow; j++) {
                v[base + j] = SeededNoise.gaussian(random);
            }
        }
        try (NDArray d = manager.create(v, new Shape(count).addAll(rowShape))) {
            return HostArrays.convert(d, type);
        }
    }

    /** A uniform long per row, {@code of(rowSeed(b), stream)}: e.g. per-row indices or seeds. */
    public long[] longs(long stream) {
        long[] v = new long[count];
        for (int b = 0; b < count; b++) {
            v[b] = of(rowSeed(b), stream);
        }
        return v;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
