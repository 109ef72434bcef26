package org.mppm.samplers.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.SampleSeeds;
import org.mppm.core.Sampler;
import org.mppm.core.ScoreFunction;

/**
 * The probability-flow ODE of a score (exact, learned, or log-domain smoothed) as a {@link Sampler}:
 * sample i starts at {@code sqrt(T) eps_i}, {@code eps_i ~ N(0, I)} from {@code of(of(seed, i), 0)},
 * and runs the {@link ProbabilityFlowOde#sample} steps down the grid; a
 * {@link org.mppm.core.StochasticScore} (e.g. a Monte Carlo {@link org.mppm.core.smoothing.SmoothedScore})
 * draws sample i's noise at step k from sample i's seed and stream k. Output
 * {@code [count, dimension]} of {@link #dataType()}, in the caller's manager.
 *
 * <p>Same seed, same samples, for every chunk size, as long as the score treats rows independently
 * (an exact, a learned or a {@code StochasticScore} does). Immutable and thread-safe when the score is.
 *
 * @param score     the score {@code s(x, sigma)} on {@code [B, dimension]}
 * @param grid      the times {@code t_0 < ... < t_K = T}
 * @param dimension D, {@code >= 1}
 * @param dataType  the floating type of the samples (the score's)
 */
public record ProbabilityFlowSampler(ScoreFunction score, TimeGrid grid, int dimension, DataType dataType)
        implements Sampler {

    public ProbabilityFlowSampler {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(grid, "grid");
        Checks.requireAtLeast("dimension", dimension, 1);
        ReverseSdeSampler.requireFloating(dataType);
    }

    /** Samples {@code firstSample, ..., firstSample + count - 1} of the stream {@code seed}: {@code [count, dimension]}. */
    @Override
    public NDArray sampleRows(NDManager manager, long seed, long firstSample, int count) {
        SampleSeeds seeds = new SampleSeeds(seed, firstSample, count);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = ReverseSde.initialNoise(scope, grid, seeds, dimension, dataType);
            NDArray samples = ProbabilityFlowOde.sample(score, x, grid, seeds, (k, state, active) -> { });
            samples.attach(manager);
            return samples;
        }
    }
}
