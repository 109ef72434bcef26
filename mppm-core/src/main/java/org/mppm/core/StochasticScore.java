package org.mppm.core;

import ai.djl.ndarray.NDArray;

/**
 * A score whose evaluation draws random numbers (e.g. a Monte Carlo estimate), drawn per row: row b
 * of {@link #score(NDArray, double, SampleSeeds, long)} depends only on row b of x, sigma, the row's
 * seed {@code rows.rowSeed(b)} and the stream, never on the rows beside it, the chunk it is computed
 * in, earlier calls or other threads. A step of a sampler passes its per-sample seeds and its step
 * index as the stream, so a sample's path is the same whatever the batch.
 *
 * <p>{@link #score(NDArray, double)} is also a deterministic, stateless function of its arguments
 * (each implementation documents which seeds and stream it uses). Results are owned by the manager
 * of the input array; implementations are immutable and thread-safe.
 */
public interface StochasticScore extends ScoreFunction {

    /**
     * The score at noise level {@code sigma >= 0} with the noise of stream {@code stream} of the
     * rows of {@code rows}: {@code [B, D] -> [B, D]}, {@code B = rows.count()}.
     */
    NDArray score(NDArray x, double sigma, SampleSeeds rows, long stream);
}
