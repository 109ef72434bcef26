package org.mppm.samplers.smoothing;

import ai.djl.ndarray.NDArray;
import java.util.Optional;
import org.mppm.core.SampleSeeds;
import org.mppm.core.ScoreFunction;
import org.mppm.core.StochasticScore;
import org.mppm.core.smoothing.DivergenceScore;
import org.mppm.core.smoothing.StochasticDivergenceScore;
import org.mppm.samplers.flow.StepContext;

/**
 * How a step evaluates a score: a {@link StochasticScore} (divergence: a
 * {@link StochasticDivergenceScore}) in a loop that runs with per-sample seeds gets the step's
 * seeds and the step index as its stream, so its noise is per sample; otherwise the plain call.
 */
final class RowNoise {
    private RowNoise() {}

    /** {@code s(x, sigma)} {@code [B, D]} for the step {@code step}. */
    static NDArray score(ScoreFunction score, NDArray x, double sigma, StepContext step) {
        Optional<SampleSeeds> seeds = step.seeds();
        if (score instanceof StochasticScore stochastic && seeds.isPresent()) {
            return stochastic.score(x, sigma, seeds.get(), step.index());
        }
        return score.score(x, sigma);
    }

    /** {@code div s(x, sigma)} {@code [B]} for the step {@code step}. */
    static NDArray divergence(DivergenceScore score, NDArray x, double sigma, StepContext step) {
        Optional<SampleSeeds> seeds = step.seeds();
        if (score instanceof StochasticDivergenceScore stochastic && seeds.isPresent()) {
            return stochastic.divergence(x, sigma, seeds.get(), step.index());
        }
        return score.divergence(x, sigma);
    }
}
