package org.mppm.core.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StandardisedKernelDensityTest {

    static double[][] codes(long seed, int n, int d, double[] spread) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                x[i][c] = 3 + spread[c] * r.nextGaussian();
            }
        }
        return x;
    }

    /** The diagonal-bandwidth kernel on the host: log density and kernel mean of one query. */
    static double[] direct(double[][] s, double[] z, double sigma) {
        int n = s.length;
        int d = z.length;
        double[] mu = new double[d];
        double[] sd = new double[d];
        for (double[] row : s) {
            for (int c = 0; c < d; c++) {
                mu[c] += row[c] / n;
            }
        }
        for (double[] row : s) {
            for (int c = 0; c < d; c++) {
                sd[c] += (row[c] - mu[c]) * (row[c] - mu[c]) / n;
            }
        }
        double[] logits = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        double logScale = 0;
        for (int c = 0; c < d; c++) {
            sd[c] = Math.sqrt(sd[c]);
            logScale += Math.log(sd[c]);
        }
        for (int a = 0; a < n; a++) {
            double sq = 0;
            for (int c = 0; c < d; c++) {
                double u = (z[c] - s[a][c]) / sd[c];
                sq += u * u;
            }
            logits[a] = -sq / (2 * sigma * sigma);
            max = Math.max(max, logits[a]);
        }
        double total = 0;
        double[] out = new double[d + 1];
        for (int a = 0; a < n; a++) {
            double w = Math.exp(logits[a] - max);
            total += w;
            for (int c = 0; c < d; c++) {
                out[c + 1] += w * s[a][c];
            }
        }
        for (int c = 0; c < d; c++) {
            out[c + 1] /= total;
        }
        out[0] = max + Math.log(total) - Math.log(n) - 0.5 * d * Math.log(2 * Math.PI * sigma * sigma) - logScale;
        return out;
    }

    @Test
    void matchesTheDiagonalBandwidthKernelComputedDirectly() {
        double[][] s = codes(1, 300, 3, new double[] {0.1, 1, 10});
        double[] z = {3.05, 2.5, -4};
        double[] expected = direct(s, z, 0.4);
        try (NDManager nd = NDManager.newBaseManager();
                StandardisedKernelDensity k = StandardisedKernelDensity.of(nd.create(s), 0.4)) {
            NDArray q = nd.create(new double[][] {z});
            assertEquals(expected[0], k.logDensity(q).getDouble(0), 1e-9);
            double[] mean = k.kernelMean(q).toDoubleArray();
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c + 1], mean[c], 1e-9);
            }
            double[] score = k.score(q).toDoubleArray();
            double[] sd = k.scale().toDoubleArray();
            for (int c = 0; c < 3; c++) {
                assertEquals((expected[c + 1] - z[c]) / (0.16 * sd[c] * sd[c]), score[c], 1e-6);
            }
            assertEquals(0.4, k.bandwidth());
            assertEquals(300, k.size());
        }
    }

    /** Rescaling one dimension of the codes and the query rescales that dimension of z-bar and nothing else. */
    @Property(tries = 25)
    void theKernelMeanIsEquivariantToPerDimensionScaling(@ForAll @DoubleRange(min = 0.01, max = 100) double factor,
            @ForAll @IntRange(min = 0, max = 2) int dim, @ForAll @DoubleRange(min = 0.2, max = 2) double sigma) {
        double[][] s = codes(5, 120, 3, new double[] {1, 0.3, 2});
        double[][] q = codes(6, 4, 3, new double[] {1, 0.3, 2});
        double[][] s2 = scaled(s, dim, factor);
        double[][] q2 = scaled(q, dim, factor);
        try (NDManager nd = NDManager.newBaseManager();
                StandardisedKernelDensity a = StandardisedKernelDensity.of(nd.create(s), sigma);
                StandardisedKernelDensity b = StandardisedKernelDensity.of(nd.create(s2), sigma)) {
            double[] ma = a.kernelMean(nd.create(q)).toDoubleArray();
            double[] mb = b.kernelMean(nd.create(q2)).toDoubleArray();
            for (int i = 0; i < ma.length; i++) {
                double want = i % 3 == dim ? ma[i] * factor : ma[i];
                assertEquals(want, mb[i], 1e-8 * Math.max(1, Math.abs(want)));
            }
        }
    }

    static double[][] scaled(double[][] x, int dim, double factor) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
            y[i][dim] *= factor;
        }
        return y;
    }

    @Test
    void standardisedCodesHaveZeroMeanAndUnitSpreadAndAConstantDimensionKeepsScaleOne() {
        double[][] s = codes(2, 50, 2, new double[] {5, 0});
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray u = StandardisedKernelDensity.standardise(nd.create(s));
            double[] mean = u.mean(new int[] {0}).toDoubleArray();
            double[] var = u.square().mean(new int[] {0}).toDoubleArray();
            assertEquals(0, mean[0], 1e-12);
            assertEquals(1, var[0], 1e-9);
            assertEquals(0, var[1], 1e-12, "a constant dimension stays 0 instead of 0 / 0");
            try (StandardisedKernelDensity k = StandardisedKernelDensity.of(nd.create(s), 1)) {
                assertArrayEquals(new double[] {1}, new double[] {k.scale().toDoubleArray()[1]});
                assertTrue(Double.isFinite(k.logDensity(nd.create(new double[][] {{3, 3}})).getDouble(0)));
            }
        }
    }

    @Test
    void badInputIsRejectedWithTheValueNamed() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray one = nd.create(new float[][] {{1, 2}});
            assertTrue(assertThrows(IllegalArgumentException.class, () -> StandardisedKernelDensity.of(one, 1)).getMessage()
                    .contains("at least 2 codes"));
            NDArray codes = nd.create(new float[][] {{1, 2}, {3, 4}, {5, 7}});
            assertTrue(assertThrows(IllegalArgumentException.class, () -> StandardisedKernelDensity.of(codes, -1)).getMessage()
                    .contains("bandwidth"));
            try (StandardisedKernelDensity k = StandardisedKernelDensity.of(codes, 1)) {
                assertThrows(IllegalArgumentException.class, () -> k.kernelMean(nd.create(new float[][] {{1, 2, 3}})));
                assertEquals(DataType.FLOAT32, k.kernelMean(nd.create(new float[][] {{1, 2}})).getDataType());
            }
        }
    }
}
