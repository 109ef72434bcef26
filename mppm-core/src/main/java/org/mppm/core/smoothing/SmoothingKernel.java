package org.mppm.core.smoothing;

import ai.djl.ndarray.NDArray;

/**
 * A smoothing kernel {@code k_x}: a law around each point x, drawn by transforming standard
 * normal noise. The smoothed score is {@code s_k(t, x) = E_{Y ~ k_x}[grad log p_t(Y)]}.
 */
@FunctionalInterface
public interface SmoothingKernel {

    /**
     * One draw of {@code Y ~ k_x} per row.
     *
     * @param x the centres {@code [M, D]}
     * @param z standard normal noise {@code [M, D]}
     * @return {@code Y} {@code [M, D]}, owned by x's manager
     */
    NDArray sample(NDArray x, NDArray z);

    /**
     * Whether {@code k_x} is x plus a law that does not depend on x. Then the divergence of the
     * smoothed score is the smoothed divergence {@code E[lap log p_t(Y)]}.
     */
    default boolean translationInvariant() {
        return false;
    }
}
