package org.mppm.samplers.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.ScoreFunction;
import org.mppm.core.smoothing.DivergenceScore;
import org.mppm.samplers.flow.FlowObserver;

/**
 * The probability-flow ODE of the variance-exploding process {@code X_t = X_0 + sqrt(t) Z}:
 * {@code dx/dt = -(1/2) s(x, sqrt(t))}, by Euler steps on a {@link TimeGrid}.
 *
 * <ul>
 *   <li>{@link #sample}: from {@code t_K} down to {@code t_0},
 *       {@code x <- x + (1/2) (t_{k+1} - t_k) s(x, sqrt(t_{k+1}))} (deterministic);
 *   <li>{@link #logLikelihood}: from {@code t_0 = eps} up to {@code t_K = T}, with
 *       {@code log p(x_0) = log N(x_T; 0, T I) - int_eps^T (1/2) div s(x_t, sqrt(t)) dt}, the integral
 *       by the left Riemann sum of the same steps.
 * </ul>
 * Batched; no host reads; per-step temporaries in a sub-manager closed each step. Results belong
 * to the input's manager; the input is left as it is. Stateless.
 */
public final class ProbabilityFlowOde {
    private ProbabilityFlowOde() {}

    /** Integrates from {@code x} {@code [B, D]} at {@code t_K} down to {@code t_0}; returns {@code [B, D]}. */
    @SuppressWarnings("try") // the token only scopes the checked state
    public static NDArray sample(ScoreFunction score, NDArray x, TimeGrid grid, FlowObserver observer) {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(observer, "observer");
        Checks.requireBatch("x", x);
        Checks.requireData("x", x);
        try (Checks.CheckedState checked = Checks.checkedState()) {
            NDManager caller = x.getManager();
            long batch = x.getShape().get(0);
            int steps = grid.steps();
            NDArray state = x.duplicate();
            for (int i = 0; i < steps; i++) {
                double from = grid.time(steps - i);
                double to = grid.time(steps - i - 1);
                NDArray next;
                try (NDManager scope = caller.newSubManager()) {
                    state.tempAttach(scope);
                    next = state.add(score.score(state, Math.sqrt(from)).muli(0.5 * (from - to)));
                    next.attach(caller);
                }
                state.close();
                state = next;
                observer.onStep(i + 1, state, batch);
            }
            return state;
        }
    }

    /**
     * The log-likelihood {@code log p_{t_0}(x_0)} of points {@code x0} {@code [B, D]} under the model
     * the score defines, {@code [B]}; {@code t_0 > 0} (e.g. eps = 1e-3).
     */
    @SuppressWarnings("try") // the token only scopes the checked state
    public static NDArray logLikelihood(DivergenceScore score, NDArray x0, TimeGrid grid, FlowObserver observer) {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(observer, "observer");
        Checks.requireBatch("x0", x0);
        if (x0.getShape().dimension() != 2) {
            throw new IllegalArgumentException("x0 must have shape [B, D], got " + x0.getShape());
        }
        Checks.requireData("x0", x0);
        Checks.requirePositive("t_0", grid.time(0));
        try (Checks.CheckedState checked = Checks.checkedState()) {
            NDManager caller = x0.getManager();
            long batch = x0.getShape().get(0);
            long d = x0.getShape().get(1);
            NDArray state = x0.duplicate();
            NDArray integral = caller.zeros(new ai.djl.ndarray.types.Shape(batch), x0.getDataType());
            for (int k = 0; k < grid.steps(); k++) {
                double t = grid.time(k);
                double dt = grid.time(k + 1) - t;
                NDArray next;
                NDArray nextIntegral;
                try (NDManager scope = caller.newSubManager()) {
                    state.tempAttach(scope);
                    integral.tempAttach(scope);
                    double sigma = Math.sqrt(t);
                    next = state.sub(score.score(state, sigma).muli(0.5 * dt));
                    nextIntegral = integral.add(score.divergence(state, sigma).muli(0.5 * dt));
                    caller.attachAll(next, nextIntegral);
                }
                state.close();
                integral.close();
                state = next;
                integral = nextIntegral;
                observer.onStep(k + 1, state, batch);
            }
            double tMax = grid.last();
            try (NDManager scope = caller.newSubManager()) {
                state.tempAttach(scope);
                integral.tempAttach(scope);
                NDArray prior = state.square().sum(new int[] {1}).muli(-0.5 / tMax).subi(0.5 * d * Math.log(2 * Math.PI * tMax));
                NDArray result = prior.sub(integral);
                result.attach(caller);
                return result;
            }
        }
    }
}
