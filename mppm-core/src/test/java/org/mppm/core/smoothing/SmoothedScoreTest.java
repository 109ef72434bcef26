package org.mppm.core.smoothing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.mppm.core.Arrays64;
import org.mppm.core.SampleSeeds;
import org.mppm.core.ScoreFunction;
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

    /** Plain calls are functions of (x, sigma, seed): no state, the same bits at every call and in every instance. */
    @Test
    void plainCallsAreDeterministicAndStateless() {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore empirical = EmpiricalScore.of(nd.create(Arrays64.gaussian(new Random(1), 12, 2, 1)))) {
            NDArray x = nd.create(Arrays64.gaussian(new Random(2), 5, 2, 1));
            SmoothedScore.Builder builder = SmoothedScore.builder().base(empirical)
                    .kernel(new IsotropicGaussianKernel(0.2)).samples(50).divergenceSamples(60).seed(3);
            SmoothedScore first = builder.build();
            SmoothedScore second = builder.build();
            double[] a0 = first.score(x, 0.3).toDoubleArray();
            assertArrayEquals(a0, first.score(x, 0.3).toDoubleArray());
            assertArrayEquals(a0, second.score(x, 0.3).toDoubleArray());
            double[] d0 = first.divergence(x, 0.3).toDoubleArray();
            assertArrayEquals(d0, first.divergence(x, 0.3).toDoubleArray());
            assertArrayEquals(d0, second.divergence(x, 0.3).toDoubleArray());
            assertArrayEquals(a0, first.score(x, 0.3, new SampleSeeds(3, 0, 5), Double.doubleToLongBits(0.3))
                    .toDoubleArray(), "plain = rows (seed, 0, B), stream = bits of sigma");
            SmoothedScore other = builder.seed(4).build();
            assertFalse(java.util.Arrays.equals(a0, other.score(x, 0.3).toDoubleArray()));
        }
    }

    /**
     * With per-row seeds, row b depends only on (x_b, sigma, its seed, stream): one row at a time
     * gives the bits of the whole batch (draw counts that are multiples of 4, so the base score's
     * matrix products see no ragged tail, see {@link org.mppm.core.Chunking}); another stream or
     * another first sample draws other noise.
     */
    @Test
    void rowsDrawTheirOwnNoise() {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore empirical = EmpiricalScore.of(nd.create(Arrays64.gaussian(new Random(1), 12, 2, 1)))) {
            double[][] points = Arrays64.gaussian(new Random(2), 6, 2, 1);
            NDArray x = nd.create(points);
            SmoothedScore score = SmoothedScore.builder().base(empirical).kernel(new IsotropicGaussianKernel(0.2))
                    .samples(40).divergenceSamples(32).seed(3).build();
            SampleSeeds rows = new SampleSeeds(17, 100, 6);
            double[][] batch = Arrays64.rows(score.score(x, 0.3, rows, 4));
            double[] lap = score.divergence(x, 0.3, rows, 4).toDoubleArray();
            for (int b = 0; b < 6; b++) {
                NDArray one = nd.create(new double[][] {points[b]});
                SampleSeeds row = new SampleSeeds(17, 100 + b, 1);
                assertArrayEquals(batch[b], Arrays64.rows(score.score(one, 0.3, row, 4))[0]);
                assertEquals(lap[b], score.divergence(one, 0.3, row, 4).getDouble(0));
            }
            assertFalse(java.util.Arrays.equals(batch[0], Arrays64.rows(score.score(x, 0.3, rows, 5))[0]));
            assertFalse(java.util.Arrays.equals(batch[1],
                    Arrays64.rows(score.score(x, 0.3, new SampleSeeds(17, 101, 6), 4))[0]));
            assertThrows(IllegalArgumentException.class, () -> score.score(x, 0.3, new SampleSeeds(17, 0, 5), 4));
            assertThrows(IllegalArgumentException.class, () -> score.divergence(x, 0.3, new SampleSeeds(17, 0, 7), 4));
        }
    }

    /** A score shared by 8 threads calling at once gives the bits of sequential calls. */
    @Test
    void concurrentCallsGiveTheBitsOfSequentialCalls() throws Exception {
        try (NDManager nd = NDManager.newBaseManager();
                EmpiricalScore empirical = EmpiricalScore.of(nd.create(Arrays64.gaussian(new Random(1), 12, 2, 1)))) {
            SmoothedScore score = SmoothedScore.builder().base(empirical).kernel(new IsotropicGaussianKernel(0.2))
                    .samples(64).divergenceSamples(64).seed(9).build();
            int threads = 8;
            double[][] points = Arrays64.gaussian(new Random(3), 5, 2, 1);
            double[][] expected = new double[threads][];
            for (int t = 0; t < threads; t++) {
                expected[t] = call(score, points, t);
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<double[][]>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        start.await();
                        double[][] got = new double[10][];
                        for (int r = 0; r < got.length; r++) {
                            got[r] = call(score, points, thread);
                        }
                        return got;
                    }));
                }
                start.countDown();
                for (int t = 0; t < threads; t++) {
                    for (double[] got : results.get(t).get(2, TimeUnit.MINUTES)) {
                        assertArrayEquals(expected[t], got, "thread " + t);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Plain score, per-row score (stream = thread) and plain divergence, flattened. */
    private static double[] call(SmoothedScore score, double[][] points, int thread) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(points);
            double sigma = 0.2 + 0.1 * thread;
            double[] plain = score.score(x, sigma).toDoubleArray();
            double[] rows = score.score(x, sigma, new SampleSeeds(thread, 0, points.length), thread).toDoubleArray();
            double[] lap = score.divergence(x, sigma).toDoubleArray();
            double[] all = new double[plain.length + rows.length + lap.length];
            System.arraycopy(plain, 0, all, 0, plain.length);
            System.arraycopy(rows, 0, all, plain.length, rows.length);
            System.arraycopy(lap, 0, all, plain.length + rows.length, lap.length);
            return all;
        }
    }

    /**
     * For a linear base score {@code s(y) = -(y - m) / v}, the isotropic smoothed score is exactly
     * {@code s(x)} (the kernel's mean is x): the Monte Carlo mean over n draws,
     * {@code s(x) - h mean(z) / v}, is within 6 standard errors {@code h / (v sqrt(n))} of it.
     */
    @Property(tries = 20)
    void monteCarloMeanApproachesTheExactSmoothedScore(@ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @IntRange(min = 1, max = 5) int batch, @ForAll @DoubleRange(min = 0.05, max = 2) double h,
            @ForAll @DoubleRange(min = 0.1, max = 4) double v, @ForAll long seed) {
        Random random = new Random(seed);
        double[] m = Arrays64.gaussian(random, 1, d, 1)[0];
        double[][] points = Arrays64.gaussian(random, batch, d, 2);
        int n = 2000;
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray mean = nd.create(m);
            ScoreFunction linear = (y, sigma) -> y.sub(mean).divi(-v);
            SmoothedScore smoothed = SmoothedScore.builder().base(linear).kernel(new IsotropicGaussianKernel(h))
                    .samples(n).seed(seed).build();
            NDArray x = nd.create(points);
            double[][] plain = Arrays64.rows(smoothed.score(x, 0.5));
            double[][] rows = Arrays64.rows(smoothed.score(x, 0.5, new SampleSeeds(seed, 3, batch), 2));
            double tolerance = 6 * h / (v * Math.sqrt(n));
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < d; j++) {
                    double exact = -(points[b][j] - m[j]) / v;
                    assertEquals(exact, plain[b][j], tolerance);
                    assertEquals(exact, rows[b][j], tolerance);
                }
            }
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
                fd += (builder.build().score(nd.create(plus), 0.5).getDouble(0, j)
                        - builder.build().score(nd.create(minus), 0.5).getDouble(0, j)) / (2 * h);
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
