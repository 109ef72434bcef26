package org.mppm.samplers.mppm;

import java.util.List;
import org.mppm.core.Checks;
import org.mppm.core.DistanceField;
import org.mppm.core.Projector;
import org.mppm.samplers.flow.FlowTerm;
import org.mppm.samplers.flow.IterativeFlow;
import org.mppm.samplers.flow.StoppingRule;

/**
 * Builds the pixel-space projection flows of the MPPM paper on points {@code [B, D]}:
 * <ul>
 *   <li>Eq. 11 (no pull target): {@code x^{n+1} = x^n - alpha D(x^n) grad D / |grad D|}, {@code 0 < alpha <= 1}
 *       (alpha = 1 is the one-step projection of Eq. 8);</li>
 *   <li>Eq. 12 / Algorithm 1 (with a pull target, G-bar of Eq. 10):
 *       {@code x^{n+1} = (1 - beta) x^n + beta G-bar(x^n) - alpha D(x^n) grad D / |grad D|},
 *       {@code 0 < alpha, 0 < beta, alpha + beta < 1}.</li>
 * </ul>
 * Defaults follow Table 9: alpha 0.15, beta 0.1, tolerance 0.005, at most 60 steps.
 */
public final class MppmProjector {
    private MppmProjector() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and validates a projection flow; {@link #build()} returns an immutable {@link Projector}. */
    public static final class Builder extends FlowOptions<Builder> {
        private DistanceField distance;
        private PullTarget pull;

        Builder() {
            super(StoppingRule.tolerance(0.005, 60));
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The distance field D (required). */
        public Builder distance(DistanceField distance) {
            this.distance = distance;
            return this;
        }

        /** The kernel pull target, G-bar (Eq. 10); without one the flow is Eq. 11. */
        public Builder pullTowards(PullTarget target) {
            this.pull = target;
            return this;
        }

        public Projector build() {
            if (distance == null) {
                throw new IllegalStateException("a distance field is required: call distance(...)");
            }
            return new IterativeFlow(distance.dimension(), terms(distance, pull), stopping, observers, trajectory);
        }
    }

    /**
     * The terms of Eq. 11 (pull == null; requires {@code 0 < alpha <= 1}) or Eq. 12 / Algorithm 2
     * (requires {@code 0 < alpha, 0 < beta, alpha + beta < 1}), validated.
     */
    static List<FlowTerm> terms(DistanceField distance, PullTarget pull, double alpha, double beta) {
        if (pull == null) {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha must lie in (0, 1] (Eq. 11), got " + alpha);
            }
            return List.of(new DistanceDescent(distance, alpha));
        }
        Checks.requirePositive("alpha", alpha);
        Checks.requirePositive("beta", beta);
        if (!(alpha + beta < 1)) {
            throw new IllegalArgumentException(
                    "alpha + beta must be < 1 (Eq. 12), got alpha " + alpha + " + beta " + beta + " = " + (alpha + beta));
        }
        return List.of(new KernelPull(pull, beta), new DistanceDescent(distance, alpha));
    }
}
