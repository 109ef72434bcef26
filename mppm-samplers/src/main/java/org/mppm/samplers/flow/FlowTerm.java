package org.mppm.samplers.flow;

import ai.djl.ndarray.NDArray;

/**
 * One additive term of a flow {@code x_{n+1} = x_n + sum_k term_k(x_n)} (see DESIGN.md):
 * {@code [B, D] -> [B, D]}. Every term sees the same {@code x_n}. The result belongs to the
 * manager of {@code x}.
 */
@FunctionalInterface
public interface FlowTerm {

    /** The increment this term contributes at {@code x}. */
    NDArray increment(NDArray x);

    /**
     * The increment at step {@code step} (1-based); the flow calls this one. Terms whose weight
     * changes over the steps (e.g. {@link StepScaled}) override it; others ignore the step.
     */
    default NDArray increment(int step, NDArray x) {
        return increment(x);
    }
}
