package org.mppm.core.smoothing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mppm.core.Arrays64;
import org.mppm.core.geometry.AffineSubspace;
import org.mppm.core.geometry.Sphere;

class SmoothedScoreTest {

    private static Sphere circle() {
        return Sphere.circle(new double[] {0, 0}, 1, new double[] {1, 0}, new double[] {0, 1});
    }

    /**
     * Proposition 3.1: for data on an affine subspace, isotropic smoothing and smoothing with the
     * tangential part of the kernel (the manifold-translated kernel of the subspace) give the same
     * score. With common random numbers the tangential components agree exactly; the normal
     * components differ only by the Monte Carlo mean of the normal noise, O(sigma / (t sqrt(n))).
     */
    @Test
    void isotropicAndTangentialSmoothingAgreeOnAffineData() {
        double[] origin = {0.3, -0.2, 0.5};
        double[][] frame = {{0.6, 0.8, 0}, {0, 0, 1}}; // a plane in R^3, normal (0.8, -0.6, 0)
        AffineSubspace plane = new AffineSubspace(origin, frame);
        Random random = new Random(5);
        double[][] codes = Arrays64.gaussian(random, 20, 2, 1);
        double[][] points = new double[20][3];
        for (int i = 0; i < 20; i++) {
            for (int k = 0; k < 3; k++) {
                points[i][k] = origin[k] + codes[i][0] * frame[0][k] + codes[i][1] * frame[1][k];
            }
        }
        double sigma = 0.4;
        double noise = 0.8;
        int n = 4000;
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore empirical = EmpiricalScore.of(nd.create(points))) {
            SmoothedScore iso = SmoothedScore.builder().base(empirical).kernel(new IsotropicGaussianKernel(sigma))
                    .samples(n).seed(11).build();
            SmoothedScore tangential = SmoothedScore.builder().base(empirical)
                    .kernel(new ManifoldTranslatedKernel(plane, sigma)).samples(n).seed(11).build();
            NDArray x = nd.create(Arrays64.gaussian(random, 8, 3, 1));
            double[][] a = Arrays64.rows(iso.score(x, noise));
            double[][] b = Arrays64.rows(tangential.score(x, noise));
            double[] normal = {0.8, -0.6, 0};
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                double an = 0;
                double bn = 0;
                for (int k = 0; k < 3; k++) {
                    an += a[i][k] * normal[k];
                    bn += b[i][k] * normal[k];
                }
                for (int k = 0; k < 3; k++) {
                    assertEquals(a[i][k] - an * normal[k], b[i][k] - bn * normal[k], 1e-9, "tangential component");
                }
                worst = Math.max(worst, Math.abs(an - bn));
            }
            double mcError = sigma / (noise * noise) / Math.sqrt(n);
            assertEquals(0, worst, 5 * mcError, "normal component");
        }
    }

    @Test
    void seedsReproduceAndCallsDrawFreshNoise() {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore empirical = EmpiricalScore.of(nd.create(Arrays64.gaussian(new Random(1), 12, 2, 1)))) {
            NDArray x = nd.create(Arrays64.gaussian(new Random(2), 5, 2, 1));
            SmoothedScore.Builder builder = SmoothedScore.builder().base(empirical)
                    .kernel(new IsotropicGaussianKernel(0.2)).samples(50).divergenceSamples(60).seed(3);
            SmoothedScore first = builder.build();
            SmoothedScore second = builder.build();
            double[] a0 = first.score(x, 0.3).toDoubleArray();
            double[] a1 = first.score(x, 0.3).toDoubleArray();
            assertArrayEquals(a0, second.score(x, 0.3).toDoubleArray());
            assertArrayEquals(a1, second.score(x, 0.3).toDoubleArray());
            assertFalse(java.util.Arrays.equals(a0, a1), "each call draws fresh noise");
            assertArrayEquals(first.divergence(x, 0.3).toDoubleArray(), second.divergence(x, 0.3).toDoubleArray());
            SmoothedScore other = builder.seed(4).build();
            assertFalse(java.util.Arrays.equals(a0, other.score(x, 0.3).toDoubleArray()));
        }
    }

    /** The smoothed divergence is the divergence of the smoothed score (finite differences, common noise). */
    @Test
    void divergenceIsTheDivergenceOfTheSmoothedScore() {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore empirical = EmpiricalScore.of(nd.create(Arrays64.gaussian(new Random(1), 12, 2, 1)))) {
            SmoothedScore.Builder builder = SmoothedScore.builder().base(empirical)
                    .kernel(new IsotropicGaussianKernel(0.25)).samples(400).divergenceSamples(400).seed(9);
            double[][] q = {{0.2, -0.4}};
            double h = 1e-5;
            double fd = 0;
            for (int j = 0; j < 2; j++) {
                double[][] plus = {q[0].clone()};
                double[][] minus = {q[0].clone()};
                plus[0][j] += h;
                minus[0][j] -= h;
                fd += (builder.build().score(nd.create(plus), 0.5, 0).getDouble(0, j)
                        - builder.build().score(nd.create(minus), 0.5, 0).getDouble(0, j)) / (2 * h);
            }
            // the divergence draws its own stream: compare in expectation with many draws
            double div = builder.divergenceSamples(20000).build().divergence(nd.create(q), 0.5).getDouble(0);
            assertEquals(fd, div, 0.05 * (1 + Math.abs(fd)));
        }
    }

    @Test
    void manifoldTranslatedKernelStaysAtTheOffsetFromACircle() {
        try (NDManager nd = NDManager.newBaseManager()) {
            // Y - x + Pi(x) = Pi(Pi(x) + sigma z) lies on the unit circle
            ManifoldTranslatedKernel kernel = new ManifoldTranslatedKernel(circle(), 0.3);
            double[][] xs = {{1.5, 0}, {0, 0.5}};
            NDArray x = nd.create(xs);
            NDArray z = nd.create(Arrays64.gaussian(new Random(4), 2, 2, 1));
            double[][] y = Arrays64.rows(kernel.sample(x, z));
            for (int i = 0; i < 2; i++) {
                double r = Math.hypot(xs[i][0], xs[i][1]);
                assertEquals(1, Math.hypot(y[i][0] - xs[i][0] + xs[i][0] / r, y[i][1] - xs[i][1] + xs[i][1] / r), 1e-9);
            }
            assertEquals(x.getShape(), kernel.sample(x, z).getShape());
        }
    }

    @Test
    void memoryDoesNotGrowAndBadInputIsRejected() {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore empirical = EmpiricalScore.of(nd.create(Arrays64.gaussian(new Random(1), 12, 2, 1)))) {
            SmoothedScore iso = SmoothedScore.builder().base(empirical).kernel(new IsotropicGaussianKernel(0.2))
                    .samples(20).divergenceSamples(20).build();
            NDArray x = nd.create(Arrays64.gaussian(new Random(2), 5, 2, 1));
            int before = nd.getManagedArrays().size();
            for (int i = 0; i < 30; i++) {
                iso.score(x, 0.3).close();
                iso.divergence(x, 0.3).close();
            }
            assertEquals(before, nd.getManagedArrays().size());
            SmoothedScore curved = SmoothedScore.builder().base(empirical)
                    .kernel(new ManifoldTranslatedKernel(circle(), 0.2)).build();
            assertThrows(UnsupportedOperationException.class, () -> curved.divergence(x, 0.3));
            assertThrows(IllegalArgumentException.class, () -> SmoothedScore.builder().base(empirical)
                    .kernel(new IsotropicGaussianKernel(0.2)).samples(0).build());
            assertThrows(IllegalArgumentException.class, () -> new IsotropicGaussianKernel(-1));
            assertThrows(IllegalArgumentException.class, () -> iso.score(nd.create(new double[] {1, 2}), 0.3));
        }
    }
}
