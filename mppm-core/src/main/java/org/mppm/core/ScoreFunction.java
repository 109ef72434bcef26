package org.mppm.core;

import ai.djl.ndarray.NDArray;

/**
 * A score {@code grad_x log p(x; sigma)} of a density noised at level sigma:
 * {@code [B, D] -> [B, D]}. Results are owned by the manager of the input array.
 */
@FunctionalInterface
public interface ScoreFunction {

    /** The score at noise level {@code sigma >= 0}: {@code [B, D] -> [B, D]}. */
    NDArray score(NDArray x, double sigma);
}
