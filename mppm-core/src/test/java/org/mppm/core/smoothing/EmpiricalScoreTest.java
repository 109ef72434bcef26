package org.mppm.core.smoothing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mppm.core.Arrays64;

class EmpiricalScoreTest {
    private static final double H = 1e-5;

    /** Central differences of a host function of one point. */
    private static double[] rowsOf(NDArray a) {
        return a.toDoubleArray();
    }

    @Test
    void scoreEqualsFiniteDifferencesOfTheLogDensityAndLaplacianOfTheScore() {
        Random random = new Random(3);
        int d = 3;
        double[][] points = Arrays64.gaussian(random, 25, d, 1);
        double[][] queries = Arrays64.gaussian(random, 6, d, 1.2);
        for (double sigma : new double[] {0.2, 0.7, 2.0}) {
            try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore score = EmpiricalScore.of(nd.create(points), 7)) {
                NDArray x = nd.create(queries);
                double[][] s = Arrays64.rows(score.score(x, sigma));
                double[] lap = rowsOf(score.divergence(x, sigma));
                for (int b = 0; b < queries.length; b++) {
                    double expectedLap = 0;
                    for (int j = 0; j < d; j++) {
                        double[][] plus = {queries[b].clone()};
                        double[][] minus = {queries[b].clone()};
                        plus[0][j] += H;
                        minus[0][j] -= H;
                        NDArray xp = nd.create(plus);
                        NDArray xm = nd.create(minus);
                        double fd = (score.logDensity(xp, sigma).getDouble(0) - score.logDensity(xm, sigma).getDouble(0)) / (2 * H);
                        assertEquals(fd, s[b][j], 1e-5 * (1 + Math.abs(fd)), "score, sigma " + sigma);
                        expectedLap += (score.score(xp, sigma).getDouble(0, j) - score.score(xm, sigma).getDouble(0, j)) / (2 * H);
                    }
                    assertEquals(expectedLap, lap[b], 1e-4 * (1 + Math.abs(expectedLap)), "laplacian, sigma " + sigma);
                }
            }
        }
    }

    @Test
    void isStableFarFromThePointsAndAtSmallNoise() {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore score = EmpiricalScore.of(nd.create(new double[][] {{0, 0}, {1, 0}}))) {
            NDArray far = nd.create(new double[][] {{1e3, 0}});
            double[] s = score.score(far, 1e-3).toDoubleArray();
            assertEquals((1 - 1e3) / 1e-6, s[0], 1e-3 * Math.abs(s[0]));
            // at a training point with tiny t: the score vanishes and the Laplacian is -d/t
            NDArray at = nd.create(new double[][] {{1, 0}});
            assertEquals(0, score.score(at, 1e-3).abs().max().getDouble(), 1e-9);
            assertEquals(-2 / 1e-6, score.divergence(at, 1e-3).getDouble(0), 1e-3);
        }
    }

    @Test
    void memoryDoesNotGrowOverManyCalls() {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore score = EmpiricalScore.of(nd.create(Arrays64.gaussian(new Random(1), 30, 2, 1)), 8)) {
            NDArray x = nd.create(Arrays64.gaussian(new Random(2), 10, 2, 1));
            int before = nd.getManagedArrays().size();
            for (int i = 0; i < 50; i++) {
                score.score(x, 0.3).close();
                score.divergence(x, 0.3).close();
                score.logDensity(x, 0.3).close();
            }
            assertEquals(before, nd.getManagedArrays().size());
        }
    }

    @Test
    void rejectsBadInput() {
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore score = EmpiricalScore.of(nd.create(new double[][] {{0, 0}}))) {
            assertThrows(IllegalArgumentException.class, () -> score.score(nd.create(new double[][] {{0, 0}}), 0));
            assertThrows(IllegalArgumentException.class, () -> score.divergence(nd.create(new double[][] {{0, 0, 0}}), 1));
            assertThrows(IllegalArgumentException.class, () -> EmpiricalScore.of(nd.create(new double[] {1, 2})));
        }
    }
}
