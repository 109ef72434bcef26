package org.mppm.core.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.mppm.core.Arrays64;

class GaussianKernelDensityTest {

    /** Direct evaluation of Eq. 5 (normalised) and Eq. 15 in double precision on the host. */
    static double[] direct(double[][] codes, double[] z, double sigma, double[] meanOut) {
        int d = z.length;
        double[] logits = new double[codes.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < codes.length; a++) {
            double sq = 0;
            for (int j = 0; j < d; j++) {
                sq += (z[j] - codes[a][j]) * (z[j] - codes[a][j]);
            }
            logits[a] = -sq / (2 * sigma * sigma);
            max = Math.max(max, logits[a]);
        }
        double sum = 0;
        java.util.Arrays.fill(meanOut, 0);
        for (int a = 0; a < codes.length; a++) {
            double w = Math.exp(logits[a] - max);
            sum += w;
            for (int j = 0; j < d; j++) {
                meanOut[j] += w * codes[a][j];
            }
        }
        for (int j = 0; j < d; j++) {
            meanOut[j] /= sum;
        }
        double logDensity = max + Math.log(sum) - Math.log(codes.length) - 0.5 * d * Math.log(2 * Math.PI * sigma * sigma);
        return new double[] {logDensity};
    }

    @Property(tries = 40)
    void logDensityAndKernelMeanEqualTheDirectComputation(@ForAll @IntRange(min = 1, max = 5) int d,
            @ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 7) int chunk,
            @ForAll @DoubleRange(min = 0.05, max = 3) double sigma, @ForAll long seed) {
        Random random = new Random(seed);
        double[][] codes = Arrays64.gaussian(random, n, d, 1);
        double[][] queries = Arrays64.gaussian(random, 5, d, 3);
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(codes), sigma, chunk)) {
            NDArray z = nd.create(queries);
            double[] log = kde.logDensity(z).toDoubleArray();
            double[][] mean = Arrays64.rows(kde.kernelMean(z));
            double[][] score = Arrays64.rows(kde.score(z));
            for (int i = 0; i < queries.length; i++) {
                double[] expectedMean = new double[d];
                double expectedLog = direct(codes, queries[i], sigma, expectedMean)[0];
                assertEquals(expectedLog, log[i], 1e-9 * (1 + Math.abs(expectedLog)));
                for (int j = 0; j < d; j++) {
                    assertEquals(expectedMean[j], mean[i][j], 1e-9);
                    assertEquals((expectedMean[j] - queries[i][j]) / (sigma * sigma), score[i][j],
                            1e-7 * (1 + Math.abs(score[i][j])));
                }
            }
        }
    }

    /** z-bar is a convex combination of S: every coordinate lies within the codes' range. */
    @Property(tries = 40)
    void kernelMeanLiesInTheConvexHullOfTheCodes(@ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @DoubleRange(min = 0.01, max = 5) double sigma, @ForAll long seed) {
        Random random = new Random(seed);
        double[][] codes = Arrays64.gaussian(random, 30, d, 1);
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(codes), sigma, 8)) {
            double[][] mean = Arrays64.rows(kde.kernelMean(nd.create(Arrays64.gaussian(random, 10, d, 10))));
            for (double[] m : mean) {
                for (int j = 0; j < d; j++) {
                    double lo = Double.POSITIVE_INFINITY;
                    double hi = Double.NEGATIVE_INFINITY;
                    for (double[] c : codes) {
                        lo = Math.min(lo, c[j]);
                        hi = Math.max(hi, c[j]);
                    }
                    assertTrue(m[j] >= lo - 1e-12 && m[j] <= hi + 1e-12, "z-bar outside the hull of S");
                }
            }
        }
    }

    @Test
    void farQueriesStayFiniteWhereANaiveSumUnderflows() {
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(new float[][] {{0f}, {1f}}), 0.01)) {
            NDArray z = nd.create(new float[][] {{50f}});
            float[] log = kde.logDensity(z).toFloatArray();
            assertTrue(Float.isFinite(log[0]));
            // the nearest code dominates: z-bar = 1
            assertEquals(1f, kde.kernelMean(z).toFloatArray()[0], 1e-6f);
        }
    }

    /**
     * Bandwidths far below the codes' spacing, down to float32's limit: the kernel mean is the
     * nearest code (no NaN even where every logit overflows float32), the log density saturates
     * at -Infinity; below the limit the bandwidth is rejected by name.
     */
    @Test
    void tinyBandwidthsGiveTheNearestCodeOrAClearError() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray codes = nd.create(new float[][] {{0f, 0f}, {1f, 0f}, {0f, 3f}});
            for (double h : new double[] {1e-6, 1e-12, 1e-19}) {
                try (GaussianKernelDensity kde = GaussianKernelDensity.of(codes, h)) {
                    NDArray z = nd.create(new float[][] {{0.9f, 0.2f}, {1e6f, -1e6f}, {0f, 2f}});
                    float[] mean = kde.kernelMean(z).toFloatArray();
                    assertArrayEquals(new float[] {1f, 0f, 1f, 0f, 0f, 3f}, mean, "h = " + h);
                    for (float v : kde.logDensity(z).toFloatArray()) {
                        assertTrue(!Float.isNaN(v) && v < 0, "h = " + h + ": " + v);
                    }
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GaussianKernelDensity.of(codes, 1e-30));
            assertTrue(e.getMessage().startsWith("bandwidth must lie in [3.8"), e.getMessage());
            assertTrue(e.getMessage().endsWith("for float32 codes (1 / (2 h^2) must be finite), got 1.0E-30"), e.getMessage());
            try (GaussianKernelDensity kde = GaussianKernelDensity.of(codes, 1)) {
                assertThrows(IllegalArgumentException.class, () -> kde.kernelMean(nd.create(new float[][] {{0f, 0f}}), 1e-30));
                assertTrue(assertThrows(IllegalArgumentException.class,
                        () -> kde.kernelMean(nd.create(new float[][] {{Float.NaN, 0f}}))).getMessage().startsWith("z must be finite"));
            }
        }
    }

    /** 60,000 codes against 1,024 queries, in chunks: never a [1024, 60000] matrix. */
    @Test
    void largeSetsRunChunkedAndMatchTheDirectComputation() {
        Random random = new Random(5);
        int n = 60_000;
        int d = 18;
        double[][] codes = Arrays64.gaussian(random, n, d, 1);
        double[][] queries = Arrays64.gaussian(random, 1024, d, 1);
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(codes).toType(DataType.FLOAT32, false), 1.0)) {
            NDArray z = nd.create(queries).toType(DataType.FLOAT32, false);
            double[][] mean = Arrays64.rows(kde.kernelMean(z));
            for (int i = 0; i < 1024; i += 341) {
                double[] expected = new double[d];
                direct(codes, queries[i], 1.0, expected);
                for (int j = 0; j < d; j++) {
                    assertEquals(expected[j], mean[i][j], 1e-4);
                }
            }
        }
    }

    @Test
    void repeatedCallsDoNotGrowAnyManager() {
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(new double[][] {{0, 1}, {2, 3}, {4, 1}}), 0.5, 2)) {
            NDArray z = nd.create(new double[][] {{1, 1}});
            int before = nd.getManagedArrays().size();
            for (int i = 0; i < 2_000; i++) {
                kde.kernelMean(z).close();
                kde.logDensity(z).close();
            }
            assertEquals(before, nd.getManagedArrays().size());
        }
    }

    @Test
    void rejectsBadInput() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray codes = nd.create(new double[][] {{0, 1}, {Double.NaN, 3}});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GaussianKernelDensity.of(codes, 1));
            assertTrue(e.getMessage().contains("finite"), e.getMessage());
            NDArray ok = nd.create(new double[][] {{0, 1}});
            e = assertThrows(IllegalArgumentException.class, () -> GaussianKernelDensity.of(ok, 0));
            assertTrue(e.getMessage().contains("bandwidth"), e.getMessage());
            try (GaussianKernelDensity kde = GaussianKernelDensity.of(ok, 1)) {
                e = assertThrows(IllegalArgumentException.class, () -> kde.kernelMean(nd.create(new double[][] {{0, 1, 2}})));
                assertTrue(e.getMessage().contains("[B, 2]"), e.getMessage());
            }
        }
    }

    /** A batch larger than one block of rows gives, row by row, what the rows give on their own. */
    @Test
    void largeBatchesInBlocksOfRowsEqualSmallBatches() {
        Random random = new Random(11);
        double[][] codes = Arrays64.gaussian(random, 64, 2, 1);
        double[][] queries = Arrays64.gaussian(random, 10_000, 2, 2); // 64 codes: blocks of 4,096 rows
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(codes), 0.3)) {
            NDArray z = nd.create(queries);
            int before = nd.getManagedArrays().size();
            NDArray log = kde.logDensity(z, 0.2);
            NDArray mean = kde.kernelMean(z, 0.2);
            GaussianKernelDensity.Moments m = kde.moments(z, 0.2);
            assertEquals(before + 5, nd.getManagedArrays().size(), "only the results stay in the caller's manager");
            NDArray part = z.get("4090:4100"); // across the first block boundary
            assertEquals(0, log.get("4090:4100").sub(kde.logDensity(part, 0.2)).abs().max().getDouble(), 1e-12);
            assertEquals(0, mean.get("4090:4100").sub(kde.kernelMean(part, 0.2)).abs().max().getDouble(), 1e-12);
            GaussianKernelDensity.Moments p = kde.moments(part, 0.2);
            assertEquals(0, m.meanSquaredDistance().get("4090:4100").sub(p.meanSquaredDistance()).abs().max().getDouble(), 1e-12);
            assertEquals(0, m.logDensity().get("4090:4100").sub(p.logDensity()).abs().max().getDouble(), 1e-12);
            assertEquals(10_000, mean.getShape().get(0));
            // the construction bandwidth's softmax form, in blocks of 4,096 rows too
            NDArray fast = kde.kernelMean(z);
            assertEquals(0, fast.get("4090:4100").sub(kde.kernelMean(part)).abs().max().getDouble(), 1e-12);
        }
    }

    /**
     * The kernel mean at the construction bandwidth (natively in one pass where the native kernels
     * run, and on the engine as one product and a softmax over all codes) and the chunked
     * log-sum-exp form (the {@code (z, h)} overload at any other bandwidth) all equal the float64
     * definition to within float32's cancellation error: a logit is known to about
     * {@code eps (|z|^2 + |s|^2) / (2 h^2)}, which moves the mean by that times the codes' spread.
     */
    @Property(tries = 30)
    void bothKernelMeanFormsEqualTheDefinitionToFloatPrecision(@ForAll @IntRange(min = 1, max = 20) int d,
            @ForAll @IntRange(min = 2, max = 9000) int n, @ForAll @DoubleRange(min = 0.05, max = 5) double h,
            @ForAll long seed) {
        Random random = new Random(seed);
        float[][] codes = new float[n][d];
        float[][] queries = new float[40][d];
        double largest = 0;
        for (float[][] m : List.of(codes, queries)) {
            for (float[] row : m) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    row[j] = (float) (random.nextGaussian() * 2);
                    norm += row[j] * row[j];
                }
                largest = Math.max(largest, norm);
            }
        }
        double tolerance = 8 * Math.ulp(1f) * largest / (h * h) * 2 * Math.sqrt(largest) + 1e-5;
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(codes), h, 1000);
                GaussianKernelDensity engine = GaussianKernelDensity.of(nd.create(codes), h, 1000, false)) {
            NDArray z = nd.create(queries);
            assertEquals(NativeKernelMean.available(), kde.fusedKernelMean());
            double[][] fused = Arrays64.rows(kde.kernelMean(z).toType(DataType.FLOAT64, false));
            double[][] softmax = Arrays64.rows(engine.kernelMean(z).toType(DataType.FLOAT64, false));
            double[][] chunked = Arrays64.rows(kde.kernelMean(z, Math.nextUp(h)).toType(DataType.FLOAT64, false));
            for (int i = 0; i < queries.length; i++) {
                double[] exact = kernelMean(codes, queries[i], h);
                for (int j = 0; j < d; j++) {
                    assertEquals(exact[j], fused[i][j], tolerance, "native form, row " + i + ", dim " + j);
                    assertEquals(exact[j], softmax[i][j], tolerance, "softmax form, row " + i + ", dim " + j);
                    assertEquals(exact[j], chunked[i][j], tolerance, "chunked form, row " + i + ", dim " + j);
                }
            }
        }
    }

    /** The kernel mean of Eq. 15 in float64, by its definition. */
    private static double[] kernelMean(float[][] codes, float[] z, double h) {
        double[] logits = new double[codes.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < codes.length; a++) {
            double d2 = 0;
            for (int j = 0; j < z.length; j++) {
                double diff = (double) z[j] - codes[a][j];
                d2 += diff * diff;
            }
            logits[a] = -d2 / (2 * h * h);
            max = Math.max(max, logits[a]);
        }
        double sum = 0;
        double[] mean = new double[z.length];
        for (int a = 0; a < codes.length; a++) {
            double w = Math.exp(logits[a] - max);
            sum += w;
            for (int j = 0; j < z.length; j++) {
                mean[j] += w * codes[a][j];
            }
        }
        for (int j = 0; j < z.length; j++) {
            mean[j] /= sum;
        }
        return mean;
    }

    /** The median nearest-neighbour distance against a host brute force, on random point sets. */
    @Property(tries = 20)
    void medianNearestNeighbourDistanceMatchesBruteForce(@ForAll @IntRange(min = 2, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 5) int d, @ForAll long seed) {
        Random random = new Random(seed);
        double[][] p = new double[n][d];
        for (double[] row : p) {
            for (int k = 0; k < d; k++) {
                row[k] = random.nextGaussian();
            }
        }
        double[] nearest = new double[n];
        for (int i = 0; i < n; i++) {
            nearest[i] = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        s += (p[i][k] - p[j][k]) * (p[i][k] - p[j][k]);
                    }
                    nearest[i] = Math.min(nearest[i], Math.sqrt(s));
                }
            }
        }
        java.util.Arrays.sort(nearest);
        double expected = n % 2 == 1 ? nearest[n / 2] : 0.5 * (nearest[n / 2 - 1] + nearest[n / 2]);
        try (NDManager nd = NDManager.newBaseManager()) {
            double got = GaussianKernelDensity.medianNearestNeighbourDistance(nd.create(p).toType(DataType.FLOAT32, false));
            // the median of squared distances is taken before the root: equal for odd n, within the two middle values for even n
            assertTrue(Math.abs(got - expected) < 1e-3 + (n % 2 == 0 ? nearest[n / 2] - nearest[n / 2 - 1] : 0),
                    got + " vs " + expected);
        }
    }

    @Test
    void medianNearestNeighbourDistanceNeedsTwoPoints() {
        try (NDManager nd = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GaussianKernelDensity.medianNearestNeighbourDistance(nd.zeros(new ai.djl.ndarray.types.Shape(1, 3))));
            assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        }
    }
}
