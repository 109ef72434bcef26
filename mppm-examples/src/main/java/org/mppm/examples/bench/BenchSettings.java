package org.mppm.examples.bench;

/**
 * How a benchmark part times its work: {@code warmup} untimed runs, then {@code iterations} timed
 * runs of a batch of {@code batch} samples; rates come from the median run. Restorations run their
 * batch in up to {@code chunkThreads} parallel chunks ({@link org.mppm.core.Chunking#withThreads}).
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

    /** A restoration's chunking: the whole batch in one chunk, or split across {@link #chunkThreads()}. */
    public org.mppm.core.Chunking chunking(int restoreBatch) {
        return org.mppm.core.Chunking.of(restoreBatch).withThreads(chunkThreads);
    }
}
