package org.mppm.examples.bench;

/**
 * How a benchmark part times its work: {@code warmup} untimed runs, then {@code iterations} timed
 * runs of a batch of {@code batch} samples; rates are the samples over the timed runs' total time
 * ({@link Timing#perSecond}). A restoration part restores {@code chunkThreads} batches per run
 * ({@link #restoreJob}), one chunk of its batch on each of {@code chunkThreads} parallel threads
 * ({@link org.mppm.core.Chunking#withThreads}): every configuration restores at the same batch per
 * chunk, as a user's job of many batches runs.
 */
public record BenchSettings(int warmup, int iterations, int batch, long seed, int chunkThreads) {
    public BenchSettings {
        if (warmup < 0 || iterations < 1 || batch < 1 || chunkThreads < 1) {
            throw new IllegalArgumentException("need warmup >= 0, iterations >= 1, batch >= 1, chunkThreads >= 1; got warmup "
                    + warmup + ", iterations " + iterations + ", batch " + batch + ", chunkThreads " + chunkThreads);
        }
    }

    /** One chunk at a time. */
    public BenchSettings(int warmup, int iterations, int batch, long seed) {
        this(warmup, iterations, batch, seed, 1);
    }

    /** Images a restoration run restores: {@code restoreBatch} per chunk thread. */
    public int restoreJob(int restoreBatch) {
        return Math.multiplyExact(restoreBatch, chunkThreads);
    }

    /**
     * A restoration's chunking: chunks of {@code restoreBatch}, up to {@link #chunkThreads()} at once
     * (a {@link #restoreJob} is then one chunk per thread).
     */
    public org.mppm.core.Chunking chunking(int restoreBatch) {
        return org.mppm.core.Chunking.of(restoreBatch).withThreads(chunkThreads);
    }
}
