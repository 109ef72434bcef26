package org.mppm.examples.bench;

/**
 * How a benchmark part times its work: {@code warmup} untimed runs, then {@code iterations} timed
 * runs of a batch of {@code batch} samples; rates come from the median run.
 */
public record BenchSettings(int warmup, int iterations, int batch, long seed) {
    public BenchSettings {
        if (warmup < 0 || iterations < 1 || batch < 1) {
            throw new IllegalArgumentException("need warmup >= 0, iterations >= 1, batch >= 1; got warmup " + warmup
                    + ", iterations " + iterations + ", batch " + batch);
        }
    }
}
