package org.mppm.samplers.mppm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mppm.core.DistanceField;
import org.mppm.samplers.flow.FlowObserver;
import org.mppm.samplers.flow.FlowTerm;
import org.mppm.samplers.flow.StepScaled;
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
    protected StepRamp ramp;

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

    /**
     * The authors' ramped weights instead of fixed alpha and beta (needs a pull target): alpha_n and
     * beta_n from the ramp, exactly {@code ramp.steps()} steps. Replaces alpha, beta and the stopping rule.
     */
    public B ramp(StepRamp ramp) {
        this.ramp = Objects.requireNonNull(ramp, "ramp");
        this.stopping = StoppingRule.fixedSteps(ramp.steps());
        return self();
    }

    /** The flow's terms: fixed alpha and beta ({@link MppmProjector#terms}) or the ramp's, validated. */
    protected List<FlowTerm> terms(DistanceField distance, PullTarget pull) {
        if (ramp == null) {
            return MppmProjector.terms(distance, pull, alpha, beta);
        }
        if (pull == null) {
            throw new IllegalStateException("a ramp weighs the kernel pull against the distance descent: set a pull target");
        }
        return List.of(new StepScaled(new KernelPull(pull, 1), ramp::beta),
                new StepScaled(new DistanceDescent(distance, 1), ramp::alpha));
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
