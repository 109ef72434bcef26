package org.mppm.samplers.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.SampleSeeds;
import org.mppm.core.ScoreFunction;
import org.mppm.core.SeededNoise;
import org.mppm.samplers.flow.FlowObserver;
import org.mppm.samplers.flow.StepLoop;
import org.mppm.samplers.flow.Stepper;

/**
 * The reverse SDE of the variance-exploding process {@code X_t = X_0 + sqrt(t) Z}, by
 * Euler-Maruyama on a {@link TimeGrid} {@code t_0 < ... < t_K}, from {@code t_K} down to {@code t_0}:
 * <pre>
 *   x &lt;- x + (t_{k+1} - t_k) s(x, sqrt(t_{k+1})) + sqrt(t_{k+1} - t_k) z,   z ~ N(0, I)
 * </pre>
 * with the score's noise level {@code sigma = sqrt(t)}; the last step (down to t_0) adds no noise
 * unless {@code noiseOnLastStep}. Start from {@link #initialNoise} {@code ~ N(0, t_K I)}.
 *
 * <p>Deterministic by seed, per sample: row b of x is a sample of a job ({@link SampleSeeds}, by
 * default sample b of the stream {@link #seed()}), and its noise at step k (1-based) is drawn from
 * {@code of(of(seed, firstSample + b), k)}, so a sample's path does not depend on the rows beside
 * it. A {@link org.mppm.core.StochasticScore} (e.g. a Monte Carlo
 * {@link org.mppm.core.smoothing.SmoothedScore}) is evaluated at step k with the same per-sample
 * seeds and stream k, so its noise is per sample too. A step rule on the {@link StepLoop}: never reads the state back to the host; each step's
 * temporaries live in a sub-manager closed at the end of the step. The result belongs to x's
 * manager; x is left as it is. The observer sees {@code onStep(k, x, B)} after step k (1-based).
 * {@link ReverseSdeSampler} is the whole {@link org.mppm.core.Sampler}.
 *
 * @param seed            the seed of the noise when no {@link SampleSeeds} are given
 * @param noiseOnLastStep whether the final step adds noise
 */
public record ReverseSde(long seed, boolean noiseOnLastStep) {

    /** {@code sqrt(T) N(0, I)} of the given shape, seeded, owned by {@code manager}. */
    public static NDArray initialNoise(NDManager manager, Shape shape, DataType type, TimeGrid grid, long seed) {
        return SeededNoise.normal(manager, shape, type, seed).muli(Math.sqrt(grid.last()));
    }

    /**
     * {@code sqrt(T) N(0, I)} {@code [count, D]} for the rows of {@code seeds}, row b drawn from
     * {@code of(of(seed, firstSample + b), 0)} (stream 0; the steps use 1..K), owned by {@code manager}.
     */
    public static NDArray initialNoise(NDManager manager, TimeGrid grid, SampleSeeds seeds, int dimension, DataType type) {
        return seeds.normal(manager, new Shape(dimension), type, 0).muli(Math.sqrt(grid.last()));
    }

    /**
     * Runs the K steps from {@code x} {@code [B, D]} (finite) at time {@code t_K}, row b being
     * sample b of the stream {@link #seed()}; returns x at {@code t_0}.
     */
    public NDArray sample(ScoreFunction score, NDArray x, TimeGrid grid, FlowObserver observer) {
        Checks.requireBatch("x", x);
        return sample(score, x, grid, SampleSeeds.of(seed, 0, x), observer);
    }

    /**
     * Runs the K steps from {@code x} {@code [B, D]} (finite) at time {@code t_K}, row b being
     * sample {@code seeds.firstSample() + b} of the job {@code seeds.seed()} (this record's
     * {@link #seed()} is not used); returns x at {@code t_0}.
     */
    public NDArray sample(ScoreFunction score, NDArray x, TimeGrid grid, SampleSeeds seeds, FlowObserver observer) {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(observer, "observer");
        Checks.requireBatch("x", x);
        Checks.requireData("x", x);
        int steps = grid.steps();
        Stepper step = Stepper.of((context, state) -> {
            int i = context.index() - 1;
            double from = grid.time(steps - i);
            double to = grid.time(steps - i - 1);
            double dt = from - to;
            NDArray next = state.add(RowNoise.score(score, state, Math.sqrt(from), context).muli(dt));
            if (noiseOnLastStep || i < steps - 1) {
                next.addi(context.normal(state).muli(Math.sqrt(dt)));
            }
            return next;
        });
        return StepLoop.fixedSteps(steps).withObserver(observer).run(x, seeds, step).result();
    }
}
