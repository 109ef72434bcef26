package org.mppm.core.smoothing;

import ai.djl.ndarray.NDArray;
import org.mppm.core.SampleSeeds;
import org.mppm.core.StochasticScore;

/**
 * A {@link StochasticScore} that also estimates its divergence with per-row noise: row b of
 * {@link #divergence(NDArray, double, SampleSeeds, long)} depends only on row b of x, sigma,
 * {@code rows.rowSeed(b)} and the stream. The plain {@link #divergence(NDArray, double)} is a
 * deterministic, stateless function of its arguments. Results are owned by the input's manager.
 */
public interface StochasticDivergenceScore extends DivergenceScore, StochasticScore {

    /**
     * The divergence at noise level {@code sigma > 0} with the noise of stream {@code stream} of the
     * rows of {@code rows}: {@code [B, D] -> [B]}, {@code B = rows.count()}.
     */
    NDArray divergence(NDArray x, double sigma, SampleSeeds rows, long stream);
}
