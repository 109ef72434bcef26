package org.mppm.samplers.smoothing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.smoothing.EmpiricalScore;
import org.mppm.core.smoothing.IsotropicGaussianKernel;
import org.mppm.core.smoothing.SmoothedScore;
import org.mppm.samplers.flow.FlowObserver;

class SmoothingSamplersTest {
    private static final FlowObserver NONE = (step, state, active) -> { };

    private static double[][] circle(int n) {
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            p[i][0] = Math.cos(2 * Math.PI * i / n);
            p[i][1] = Math.sin(2 * Math.PI * i / n);
        }
        return p;
    }

    private static double distanceToNearest(double[] x, double[][] points) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] p : points) {
            best = Math.min(best, Math.hypot(x[0] - p[0], x[1] - p[1]));
        }
        return best;
    }

    private static double[][] rows(NDArray a) {
        long n = a.getShape().get(0);
        double[] flat = a.toDoubleArray();
        int d = flat.length / (int) n;
        double[][] r = new double[(int) n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, r[i], 0, d);
        }
        return r;
    }

    @Test
    void unsmoothedSdeAndOdeReturnTrainingPointsAndSeedsReproduce() {
        double[][] points = circle(12);
        TimeGrid grid = TimeGrid.geometric(1e-6, 5, 100).withZero();
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore score = EmpiricalScore.of(nd.create(points))) {
            NDArray start = ReverseSde.initialNoise(nd, new Shape(64, 2), DataType.FLOAT64, grid, 1);
            ReverseSde sde = new ReverseSde(2, false);
            double[][] a = rows(sde.sample(score, start, grid, NONE));
            double[][] b = rows(sde.sample(score, start, grid, NONE));
            double[][] ode = rows(ProbabilityFlowOde.sample(score, start, grid, NONE));
            for (int i = 0; i < a.length; i++) {
                assertEquals(0, distanceToNearest(a[i], points), 1e-2, "SDE sample " + i);
                assertEquals(0, distanceToNearest(ode[i], points), 1e-2, "ODE sample " + i);
                assertArrayEquals(a[i], b[i]);
            }
            double[][] other = rows(new ReverseSde(3, false).sample(score, start, grid, NONE));
            assertTrue(Math.abs(other[0][0] - a[0][0]) + Math.abs(other[5][1] - a[5][1]) > 0 || a.length == 0);
        }
    }

    /** One training point at the origin: p_t = N(0, t I) exactly, so log p_eps(x) is known in closed form. */
    @Test
    void odeLikelihoodOfAGaussianMatchesTheClosedForm() {
        double eps = 1e-2;
        double tMax = 2;
        TimeGrid grid = TimeGrid.geometric(eps, tMax, 2001);
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore score = EmpiricalScore.of(nd.create(new double[][] {{0, 0}}))) {
            double[][] q = {{0.05, 0}, {0, -0.12}, {0.1, 0.1}};
            double[] log = ProbabilityFlowOde.logLikelihood(score, nd.create(q), grid, NONE).toDoubleArray();
            for (int i = 0; i < q.length; i++) {
                double sq = q[i][0] * q[i][0] + q[i][1] * q[i][1];
                double expected = -sq / (2 * eps) - Math.log(2 * Math.PI * eps);
                assertEquals(expected, log[i], 0.02 * (1 + Math.abs(expected)));
            }
        }
    }

    @Test
    void memoryDoesNotGrowOverManyStepsAndSmoothedRunsReproduce() {
        TimeGrid grid = TimeGrid.geometric(1e-3, 1, 60).withZero();
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore empirical = EmpiricalScore.of(nd.create(circle(12)))) {
            SmoothedScore.Builder builder = SmoothedScore.builder().base(empirical).kernel(new IsotropicGaussianKernel(0.2))
                    .samples(20).divergenceSamples(20).seed(5);
            NDArray start = ReverseSde.initialNoise(nd, new Shape(16, 2), DataType.FLOAT64, grid, 1);
            int before = nd.getManagedArrays().size();
            int[] peak = {0};
            FlowObserver watch = (step, state, active) -> peak[0] = Math.max(peak[0], nd.getManagedArrays().size());
            double[] a = new ReverseSde(4, true).sample(builder.build(), start, grid, watch).toDoubleArray();
            assertTrue(peak[0] <= before + 2, "arrays held during sampling: " + peak[0] + " vs " + before);
            double[] b = new ReverseSde(4, true).sample(builder.build(), start, grid, NONE).toDoubleArray();
            assertArrayEquals(a, b);
            NDArray x0 = nd.create(circle(7));
            int beforeLikelihood = nd.getManagedArrays().size();
            peak[0] = 0;
            NDArray log = ProbabilityFlowOde.logLikelihood(builder.build(), x0, TimeGrid.geometric(1e-3, 1, 40), watch);
            assertTrue(peak[0] <= beforeLikelihood + 3, "arrays held during the likelihood: " + peak[0]);
            assertArrayEquals(log.toDoubleArray(),
                    ProbabilityFlowOde.logLikelihood(builder.build(), x0, TimeGrid.geometric(1e-3, 1, 40), NONE).toDoubleArray());
        }
    }

    @Test
    void rejectsBadGrids() {
        assertThrows(IllegalArgumentException.class, () -> new TimeGrid(new double[] {0.5, 0.1}));
        assertThrows(IllegalArgumentException.class, () -> TimeGrid.geometric(0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> TimeGrid.geometric(1e-3, 1, 1));
        assertArrayEquals(new double[] {0, 1e-2, 1e-1, 1}, TimeGrid.geometric(1e-2, 1, 3).withZero().times(), 1e-12);
    }

    @Test
    void edmGridIsTheKarrasLevelsSquaredAndTheUnsmoothedSamplerStillMemorises() {
        KarrasSchedule karras = new KarrasSchedule(40, 1e-3, Math.sqrt(5), 7);
        TimeGrid edm = TimeGrid.edm(karras);
        double[] sigmas = karras.sigmas();
        assertEquals(40, edm.times().length);
        for (int j = 0; j < 40; j++) {
            assertEquals(sigmas[39 - j] * sigmas[39 - j], edm.time(j), 1e-12 * (1 + edm.time(j)));
        }
        assertEquals(1e-6, edm.time(0), 1e-15);
        assertEquals(5, edm.last(), 1e-12);
        // rho = 1: sigma evenly spaced, so sqrt(t) has constant steps
        TimeGrid linear = TimeGrid.edm(new KarrasSchedule(5, 0.5, 2.5, 1));
        for (int j = 0; j < 5; j++) {
            assertEquals(0.5 + 0.5 * j, Math.sqrt(linear.time(j)), 1e-12);
        }
        // rho = 7 lies between evenly spaced sigma (rho = 1) and the geometric grid (rho -> infinity)
        TimeGrid geometric = TimeGrid.geometric(1e-6, 5, 40);
        TimeGrid evenSigma = TimeGrid.edm(new KarrasSchedule(40, 1e-3, Math.sqrt(5), 1));
        for (int j = 1; j < 39; j++) {
            assertTrue(geometric.time(j) < edm.time(j) && edm.time(j) < evenSigma.time(j), "level " + j);
        }
        assertArrayEquals(TimeGrid.edm(1e-3, Math.sqrt(5), 40).times(), edm.times(), 0);

        double[][] points = circle(12);
        TimeGrid grid = edm.withZero();
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore score = EmpiricalScore.of(nd.create(points))) {
            NDArray start = ReverseSde.initialNoise(nd, new Shape(32, 2), DataType.FLOAT64, grid, 1);
            double[][] x = rows(new ReverseSde(2, false).sample(score, start, grid, NONE));
            for (int i = 0; i < x.length; i++) {
                assertEquals(0, distanceToNearest(x[i], points), 1e-2, "sample " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> TimeGrid.edm(0, 1, 10));
    }

    @Test
    void kdeSamplesSitAroundTrainingPointsAndReproduce() {
        double[][] points = circle(12);
        try (NDManager nd = NDManager.newBaseManager()) {
            GaussianKdeSampler kde = GaussianKdeSampler.of(nd.create(points), 0.05);
            double[][] a = rows(kde.sample(nd, 4000, 3));
            assertArrayEquals(a[17], rows(kde.sample(nd, 4000, 3))[17]);
            double meanSq = 0;
            for (double[] x : a) {
                double r = distanceToNearest(x, points);
                meanSq += r * r / a.length;
            }
            assertEquals(2 * 0.05 * 0.05, meanSq, 0.1 * 2 * 0.05 * 0.05, "E|sigma Z|^2 = d sigma^2");
            assertThrows(IllegalArgumentException.class, () -> kde.sample(nd, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> GaussianKdeSampler.of(nd.create(points), 0));
        }
    }
}
