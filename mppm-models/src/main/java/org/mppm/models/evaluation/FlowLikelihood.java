package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.smoothing.DivergenceScore;
import org.mppm.samplers.flow.FlowObserver;
import org.mppm.samplers.smoothing.ProbabilityFlowOde;
import org.mppm.samplers.smoothing.TimeGrid;

/**
 * Population negative log-likelihood of points under a score's probability-flow ODE (smoothing
 * paper, Fig. 4): {@code NLL = -(1/N) sum_i log p(x_i)}, each {@code log p(x_i)} by
 * {@link ProbabilityFlowOde#logLikelihood} over {@code grid}, the points taken in batches of rows so
 * that memory stays bounded. A score that draws Monte Carlo noise per call (a smoothed score) sees one
 * call per batch, so the batch size is part of the result's bits; an exact score's result does not
 * depend on it beyond rounding.
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
                NDArray part = points.get(new NDIndex("{}:{}", start, Math.min(n, start + batch)));
                part.attach(scope);
                sum += ProbabilityFlowOde.logLikelihood(score, part, grid, NONE).sum().getDouble();
            }
        }
        return -sum / n;
    }
}
