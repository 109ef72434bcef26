package org.mppm.samplers.flow;

import ai.djl.ndarray.NDArray;
import java.util.List;

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

    /**
     * The sum of {@code terms} as one term, {@code term_1(x) + term_2(x) + ...} added in order (each
     * sees the same x); at least one term.
     */
    static FlowTerm sum(List<FlowTerm> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a flow needs at least one term");
        }
        List<FlowTerm> all = List.copyOf(terms);
        return new FlowTerm() {
            @Override
            public NDArray increment(NDArray x) {
                return increment(1, x);
            }

            @Override
            public NDArray increment(int step, NDArray x) {
                NDArray total = all.get(0).increment(step, x);
                for (int k = 1; k < all.size(); k++) {
                    total = total.add(all.get(k).increment(step, x));
                }
                return total;
            }
        };
    }
}
