package org.mppm.samplers.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.Optional;
import org.mppm.core.Checks;
import org.mppm.core.SampleSeeds;
import org.mppm.core.ScoreFunction;
import org.mppm.core.Scopes;
import org.mppm.core.StochasticScore;
import org.mppm.core.smoothing.DivergenceScore;
import org.mppm.core.smoothing.StochasticDivergenceScore;
import org.mppm.samplers.flow.FlowObserver;
import org.mppm.samplers.flow.StepLoop;
import org.mppm.samplers.flow.Stepper;

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
 * Step rules on the {@link StepLoop}: batched, no host reads, per-step temporaries in a sub-manager
 * closed each step. Results belong to the input's manager; the input is left as it is. Stateless.
 * {@link ProbabilityFlowSampler} is the sampler as a whole {@link org.mppm.core.Sampler}.
 */
public final class ProbabilityFlowOde {
    private ProbabilityFlowOde() {}

    /**
     * Integrates from {@code x} {@code [B, D]} at {@code t_K} down to {@code t_0}; returns {@code [B, D]}.
     * The score is called plainly, {@code s(x, sigma)}, on the whole batch.
     */
    public static NDArray sample(ScoreFunction score, NDArray x, TimeGrid grid, FlowObserver observer) {
        return sample(score, x, grid, Optional.empty(), observer);
    }

    /**
     * Integrates from {@code x} {@code [B, D]} at {@code t_K} down to {@code t_0}, row b being sample
     * {@code seeds.firstSample() + b} of the job {@code seeds.seed()}; returns {@code [B, D]}. A
     * {@link StochasticScore} is evaluated at step k with these seeds and stream k, so row b's path
     * does not depend on the rows beside it; any other score is called plainly.
     */
    public static NDArray sample(ScoreFunction score, NDArray x, TimeGrid grid, SampleSeeds seeds, FlowObserver observer) {
        Objects.requireNonNull(seeds, "seeds");
        return sample(score, x, grid, Optional.of(seeds), observer);
    }

    private static NDArray sample(ScoreFunction score, NDArray x, TimeGrid grid, Optional<SampleSeeds> seeds,
            FlowObserver observer) {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(observer, "observer");
        Checks.requireBatch("x", x);
        Checks.requireData("x", x);
        int steps = grid.steps();
        Stepper step = Stepper.of((context, state) -> {
            int i = context.index() - 1;
            double from = grid.time(steps - i);
            double to = grid.time(steps - i - 1);
            return state.add(RowNoise.score(score, state, Math.sqrt(from), context).muli(0.5 * (from - to)));
        });
        return StepLoop.fixedSteps(steps).withObserver(observer).run(new NDList(x), seeds, step).result();
    }

    /**
     * The log-likelihood {@code log p_{t_0}(x_0)} of points {@code x0} {@code [B, D]} under the model
     * the score defines, {@code [B]}; {@code t_0 > 0} (e.g. eps = 1e-3). One loop whose state is
     * {@code (x_t, integral)}. The score and its divergence are called plainly on the whole batch.
     */
    public static NDArray logLikelihood(DivergenceScore score, NDArray x0, TimeGrid grid, FlowObserver observer) {
        return logLikelihood(score, x0, grid, Optional.empty(), observer);
    }

    /**
     * The log-likelihood as {@link #logLikelihood(DivergenceScore, NDArray, TimeGrid, FlowObserver)},
     * row b of {@code x0} being sample {@code seeds.firstSample() + b} of the job {@code seeds.seed()}:
     * a {@link StochasticDivergenceScore} is evaluated at step k (score and divergence) with these
     * seeds and stream k, so row b's value does not depend on the rows beside it.
     */
    public static NDArray logLikelihood(DivergenceScore score, NDArray x0, TimeGrid grid, SampleSeeds seeds,
            FlowObserver observer) {
        Objects.requireNonNull(seeds, "seeds");
        return logLikelihood(score, x0, grid, Optional.of(seeds), observer);
    }

    private static NDArray logLikelihood(DivergenceScore score, NDArray x0, TimeGrid grid, Optional<SampleSeeds> seeds,
            FlowObserver observer) {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(observer, "observer");
        Checks.requireBatch("x0", x0);
        if (x0.getShape().dimension() != 2) {
            throw new IllegalArgumentException("x0 must have shape [B, D], got " + x0.getShape());
        }
        Checks.requireData("x0", x0);
        Checks.requirePositive("t_0", grid.time(0));
        long batch = x0.getShape().get(0);
        long d = x0.getShape().get(1);
        Stepper step = (context, state) -> {
            NDArray x = state.get(0);
            int k = context.index() - 1;
            double t = grid.time(k);
            double dt = grid.time(k + 1) - t;
            double sigma = Math.sqrt(t);
            NDArray next = x.sub(RowNoise.score(score, x, sigma, context).muli(0.5 * dt));
            NDArray integral = state.get(1).add(RowNoise.divergence(score, x, sigma, context).muli(0.5 * dt));
            return new NDList(next, integral);
        };
        double tMax = grid.last();
        try (NDManager scope = x0.getManager().newSubManager()) {
            NDList start = new NDList(x0, scope.zeros(new Shape(batch), x0.getDataType()));
            try (StepLoop.Run run = StepLoop.fixedSteps(grid.steps()).withObserver(observer).run(start, seeds, step)) {
                return Scopes.scoped(run.result(), run.state().get(1), (x, integral) -> {
                    NDArray prior = x.square().sum(new int[] {1}).muli(-0.5 / tMax).subi(0.5 * d * Math.log(2 * Math.PI * tMax));
                    return prior.sub(integral);
                });
            }
        }
    }
}
