package org.mppm.samplers.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.function.BiFunction;

/**
 * One step of an iterative method, the only part that differs between methods run by the
 * {@link StepLoop}: {@code (step, state) -> next state}. The state is element 0, the batch
 * {@code [B, ...]} that observers, trajectories and stopping see, followed by any per-sample
 * quantities the method carries along (e.g. a running integral {@code [B]}).
 *
 * <p>The state arrays handed in are views owned by the step's scope ({@link StepContext#scope()}):
 * results of operations on them land in that scope and are freed when the step ends, except the
 * arrays returned, which the loop keeps. Return new arrays (or the given views, which the loop
 * copies); never an array owned by someone else. A stepper sees the steps in order on one thread,
 * so it may keep per-run host state (e.g. a schedule position).
 */
@FunctionalInterface
public interface Stepper {

    /**
     * @param step  the step: its index (1-based), scope, noise and masked update
     * @param state the state before the step, as many arrays as the loop started with
     * @return the state after the step, the same number of arrays of the same shapes
     */
    NDList next(StepContext step, NDList state);

    /** A stepper whose state is one array {@code [B, ...]}. */
    static Stepper of(BiFunction<StepContext, NDArray, NDArray> rule) {
        return (step, state) -> new NDList(rule.apply(step, state.head()));
    }
}
