package org.mppm.samplers.mppm;

import java.util.ArrayList;
import java.util.List;
import org.mppm.samplers.flow.FlowObserver;
import org.mppm.samplers.flow.StoppingRule;

/**
 * The settings Eq. 12 and Algorithm 2 share: the step weights alpha and beta, the stopping rule,
 * observers, and whether to keep the trajectory. Validated when the flow is built.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class FlowOptions<B extends FlowOptions<B>> {
    protected double alpha = 0.15;
    protected double beta = 0.1;
    protected StoppingRule stopping;
    protected final List<FlowObserver> observers = new ArrayList<>();
    protected boolean trajectory;

    protected FlowOptions(StoppingRule stopping) {
        this.stopping = stopping;
    }

    protected abstract B self();

    /** The weight of the distance descent. */
    public B alpha(double a) {
        this.alpha = a;
        return self();
    }

    /** The weight of the kernel pull. */
    public B beta(double b) {
        this.beta = b;
        return self();
    }

    /** Exactly this many steps (>= 1), no tolerance (Algorithm 2's num_steps). */
    public B steps(int steps) {
        this.stopping = StoppingRule.fixedSteps(steps);
        return self();
    }

    /** Per-sample tolerance on the step (> 0) and the maximum number of steps (>= 1). */
    public B tolerance(double tolerance, int maxSteps) {
        this.stopping = StoppingRule.tolerance(tolerance, maxSteps);
        return self();
    }

    /** Called after every step. */
    public B observer(FlowObserver observer) {
        this.observers.add(observer);
        return self();
    }

    /** Whether the result carries the trajectory {@code [T + 1, B, D]}. */
    public B recordTrajectory(boolean record) {
        this.trajectory = record;
        return self();
    }
}
