package org.mppm.samplers.flow;

import ai.djl.ndarray.NDArray;
import java.util.function.IntConsumer;

/**
 * Watches a flow without changing it. Called after every step with the state; the array belongs
 * to the flow and is released after the call: copy what must be kept.
 */
@FunctionalInterface
public interface FlowObserver {

    /**
     * @param step   the number of steps taken so far (1 after the first step)
     * @param state  the batch after that step, {@code [B, ...]}
     * @param active how many samples are still moving after that step
     */
    void onStep(int step, NDArray state, long active);

    /** An observer that reports the step number, e.g. to a progress bar. */
    static FlowObserver progress(IntConsumer onStep) {
        return (step, state, active) -> onStep.accept(step);
    }
}
