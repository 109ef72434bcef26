package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.SampleSeeds;
import org.mppm.core.smoothing.DivergenceScore;
import org.mppm.samplers.flow.FlowObserver;
import org.mppm.samplers.smoothing.ProbabilityFlowOde;
import org.mppm.samplers.smoothing.TimeGrid;

/**
 * Population negative log-likelihood of points under a score's probability-flow ODE (smoothing
 * paper, Fig. 4): {@code NLL = -(1/N) sum_i log p(x_i)}, each {@code log p(x_i)} by
 * {@link ProbabilityFlowOde#logLikelihood} over {@code grid}, the points taken in batches of rows so
 * that memory stays bounded. A score that draws Monte Carlo noise (a smoothed score, a
 * {@link org.mppm.core.StochasticScore}) draws point i's noise from point i's own seed
 * ({@link SampleSeeds}), so the result depends on the batch size only through rounding, like an
 * exact score's.
 */
public final class FlowLikelihood {
    private static final FlowObserver NONE = (step, state, active) -> { };

    private FlowLikelihood() {}

    /**
     * The mean NLL of {@code points} {@code [N, d]} under {@code score}, in batches of {@code batch}
     * rows (the last one shorter), each batch's temporaries freed before the next.
     *
     * @throws IllegalArgumentException if {@code points} has no rows or {@code batch < 1}
     */
    public static double meanNll(DivergenceScore score, NDArray points, TimeGrid grid, int batch) {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(grid, "grid");
        Checks.requireAtLeast("batch", batch, 1);
        Checks.requireBatch("points", points);
        long n = points.getShape().get(0);
        double sum = 0;
        for (long start = 0; start < n; start += batch) {
            try (NDManager scope = points.getManager().newSubManager()) {
                long end = Math.min(n, start + batch);
                NDArray part = points.get(new NDIndex("{}:{}", start, end));
                part.attach(scope);
                SampleSeeds rows = new SampleSeeds(0, start, Math.toIntExact(end - start));
                sum += ProbabilityFlowOde.logLikelihood(score, part, grid, rows, NONE).sum().getDouble();
            }
        }
        return -sum / n;
    }
}
