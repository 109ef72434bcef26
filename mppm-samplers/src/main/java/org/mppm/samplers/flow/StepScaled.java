package org.mppm.samplers.flow;

import ai.djl.ndarray.NDArray;
import java.util.function.IntToDoubleFunction;

/**
 * A term whose weight depends on the step: {@code weight(n) * term(x_n)}, {@code [B, D] -> [B, D]}
 * (e.g. the authors' ramped Algorithm 2, {@link org.mppm.samplers.mppm.StepRamp}).
 *
 * @param term   the unweighted term (weight 1)
 * @param weight the weight at step n (1-based)
 */
public record StepScaled(FlowTerm term, IntToDoubleFunction weight) implements FlowTerm {

    /** At an unknown step the weight of step 1. */
    @Override
    public NDArray increment(NDArray x) {
        return increment(1, x);
    }

    @Override
    public NDArray increment(int step, NDArray x) {
        return term.increment(step, x).muli(weight.applyAsDouble(step));
    }
}
