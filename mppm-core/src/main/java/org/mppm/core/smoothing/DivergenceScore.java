package org.mppm.core.smoothing;

import ai.djl.ndarray.NDArray;
import org.mppm.core.ScoreFunction;

/**
 * A score that also knows its divergence {@code div_x s(x, sigma) = lap_x log p(x; sigma)}, the
 * term the probability-flow log-likelihood integrates. Results are owned by the input's manager.
 */
public interface DivergenceScore extends ScoreFunction {

    /** The divergence of {@link #score} at noise level {@code sigma > 0}: {@code [B, D] -> [B]}. */
    NDArray divergence(NDArray x, double sigma);
}
