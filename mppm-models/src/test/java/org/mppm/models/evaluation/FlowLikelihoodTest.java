package org.mppm.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mppm.core.smoothing.EmpiricalScore;
import org.mppm.core.smoothing.IsotropicGaussianKernel;
import org.mppm.core.smoothing.SmoothedScore;
import org.mppm.samplers.smoothing.ProbabilityFlowOde;
import org.mppm.samplers.smoothing.TimeGrid;

class FlowLikelihoodTest {
    private static final TimeGrid GRID = TimeGrid.geometric(1e-2, 2, 200);

    @Test
    void meanNllIsMinusTheMeanLogLikelihoodWhateverTheBatches() {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore score = EmpiricalScore.of(nd.create(new double[][] {{0, 0}, {1, 0}}))) {
            NDArray points = nd.create(new double[][] {{0.05, 0}, {0, -0.12}, {0.9, 0.1}, {0.5, 0.5}, {1.1, 0}});
            double direct = -ProbabilityFlowOde.logLikelihood(score, points, GRID, (s, x, a) -> { }).mean().getDouble();
            int before = nd.getManagedArrays().size();
            assertEquals(direct, FlowLikelihood.meanNll(score, points, GRID, 5), 1e-9);
            assertEquals(direct, FlowLikelihood.meanNll(score, points, GRID, 2), 1e-9, "batches of 2, 2 and 1");
            assertEquals(direct, FlowLikelihood.meanNll(score, points, GRID, 100), 1e-9);
            assertEquals(before, nd.getManagedArrays().size(), "no temporaries left in the points' manager");
        }
    }

    @Test
    void aSmoothedScoresNllDependsOnTheBatchesOnlyThroughRounding() {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore empirical = EmpiricalScore.of(nd.create(new double[][] {{0, 0}, {1, 0}, {0, 1}}))) {
            SmoothedScore smoothed = SmoothedScore.builder().base(empirical).kernel(new IsotropicGaussianKernel(0.2))
                    .samples(16).divergenceSamples(16).seed(4).build();
            NDArray points = nd.create(new double[][] {{0.05, 0}, {0, -0.12}, {0.9, 0.1}, {0.5, 0.5}, {1.1, 0}, {0.2, 0.9},
                {-0.3, 0.4}, {0.7, -0.2}});
            double whole = FlowLikelihood.meanNll(smoothed, points, GRID, 8);
            assertEquals(whole, FlowLikelihood.meanNll(smoothed, points, GRID, 4), 1e-9 * Math.abs(whole), "batches of 4");
            assertEquals(whole, FlowLikelihood.meanNll(smoothed, points, GRID, 3), 1e-6 * Math.abs(whole), "batches of 3, 3, 2");
            SmoothedScore reseeded = SmoothedScore.builder().base(empirical).kernel(new IsotropicGaussianKernel(0.2))
                    .samples(16).divergenceSamples(16).seed(5).build();
            double other = FlowLikelihood.meanNll(reseeded, points, GRID, 8);
            assertEquals(true, Math.abs(other - whole) > 1e-6 * Math.abs(whole), "another seed, other Monte Carlo noise");
        }
    }

    @Test
    void rejectsABadBatchOrNoPoints() {
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore score = EmpiricalScore.of(nd.create(new double[][] {{0, 0}}))) {
            NDArray points = nd.create(new double[][] {{0, 1}});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FlowLikelihood.meanNll(score, points, GRID, 0));
            assertEquals(true, e.getMessage().contains("batch"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> FlowLikelihood.meanNll(score, nd.zeros(new ai.djl.ndarray.types.Shape(0, 2)), GRID, 4));
        }
    }
}
