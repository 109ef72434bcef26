package org.mppm.core.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.mppm.core.Arrays64;
import org.mppm.core.SeededNoise;
import org.mppm.core.geometry.Sphere;

class ManifoldMeanTest {
    private static final Sphere CIRCLE = Sphere.unitCircleXY();

    /** Eq. 19-20 evaluated directly: the same seeded samples, weights exp(-|x - G(z_i)|^2 / 2 sigma_d^2). */
    @Test
    void equalsTheMonteCarloSumOfEq19And20() {
        double[][] codes = {{0.2}, {0.9}, {1.4}};
        double sigmaKer = 0.3;
        double sigmaD = 0.4;
        int n = 5;
        long seed = 42;
        try (NDManager nd = NDManager.newBaseManager();
                ManifoldMean mean = ManifoldMean.of(CIRCLE, nd.create(codes), sigmaKer, sigmaD, n, seed)) {
            double[] noise = SeededNoise.normal(nd, new Shape(3, n, 1), DataType.FLOAT64, seed).toDoubleArray();
            double[][] x = {{1.2, 0.4, 0.3}, {-0.5, 0.1, 0}};
            double[][] got = Arrays64.rows(mean.mean(nd.create(x)));
            for (int b = 0; b < x.length; b++) {
                double[] num = new double[3];
                double den = 0;
                for (int a = 0; a < 3; a++) {
                    for (int i = 0; i < n; i++) {
                        double theta = codes[a][0] + sigmaKer * noise[a * n + i];
                        double[] y = {Math.cos(theta), Math.sin(theta), 0};
                        double sq = 0;
                        for (int j = 0; j < 3; j++) {
                            sq += (x[b][j] - y[j]) * (x[b][j] - y[j]);
                        }
                        double w = Math.exp(-sq / (2 * sigmaD * sigmaD));
                        den += w;
                        for (int j = 0; j < 3; j++) {
                            num[j] += w * y[j];
                        }
                    }
                }
                for (int j = 0; j < 3; j++) {
                    assertEquals(num[j] / den, got[b][j], 1e-12);
                }
            }
        }
    }

    /** G-bar is an average of points of the unit circle: it lies in the closed unit disc. */
    @Test
    void liesInTheConvexHullOfTheManifold() {
        try (NDManager nd = NDManager.newBaseManager();
                ManifoldMean mean = ManifoldMean.of(CIRCLE, nd.create(new double[][] {{0.0}, {1.0}, {2.0}, {3.0}}), 0.5, 0.3, 20, 1)) {
            for (double[] g : Arrays64.rows(mean.mean(nd.create(Arrays64.gaussian(new java.util.Random(2), 50, 3, 2))))) {
                assertTrue(Math.hypot(g[0], g[1]) <= 1 + 1e-12);
                assertEquals(0, g[2], 1e-12);
            }
        }
    }

    @Test
    void sameSeedSameMeanOtherSeedOtherMean() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray codes = nd.create(new double[][] {{0.0}, {1.0}});
            NDArray x = nd.create(new double[][] {{0.5, 0.5, 0}});
            try (ManifoldMean a = ManifoldMean.of(CIRCLE, codes, 0.4, 0.3, 10, 3);
                    ManifoldMean b = ManifoldMean.of(CIRCLE, codes, 0.4, 0.3, 10, 3);
                    ManifoldMean c = ManifoldMean.of(CIRCLE, codes, 0.4, 0.3, 10, 4)) {
                assertTrue(a.mean(x).contentEquals(b.mean(x)));
                assertTrue(!a.mean(x).contentEquals(c.mean(x)));
            }
        }
    }

    /** All mass at one code and a tiny kernel: G-bar(x) = G(z_0) wherever x is. */
    @Test
    void concentratedDensityPullsEverythingToItsPoint() {
        try (NDManager nd = NDManager.newBaseManager();
                ManifoldMean mean = ManifoldMean.of(CIRCLE, nd.create(new double[][] {{Math.PI / 2}}), 1e-9, 0.5, 4, 9)) {
            for (double[] g : Arrays64.rows(mean.mean(nd.create(new double[][] {{3, 0, 0}, {0, -2, 1}})))) {
                assertEquals(0, g[0], 1e-8);
                assertEquals(1, g[1], 1e-8);
            }
        }
    }
}
