package org.mppm.core.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.mppm.core.SeededNoise;

class GaussianMixtureTest {

    @Test
    void singleGaussianIsReferenceToyDenoiser() {
        GaussianMixture toy = GaussianMixture.builder().add(1, new double[] {0.3}, new double[][] {{0.25}}).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] xs = {-80, -1, 0, 0.3, 2.5, 80};
            NDArray x = manager.create(xs, new Shape(xs.length, 1));
            for (double sigma : new double[] {0.002, 0.5, 1, 80}) {
                double[] got = toy.denoise(x, sigma).toDoubleArray();
                for (int i = 0; i < xs.length; i++) {
                    double expected = 0.3 + 0.25 / (0.25 + sigma * sigma) * (xs[i] - 0.3);
                    assertEquals(expected, got[i], 1e-12 * (1 + Math.abs(expected)));
                }
            }
        }
    }

    @Test
    void diracMixtureIsSoftmaxOfMeans() {
        GaussianMixture diracs = GaussianMixture.builder()
                .addIsotropic(1, new double[] {-1}, 0)
                .addIsotropic(3, new double[] {2}, 0)
                .build();
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] xs = {-3, 0, 0.5, 1, 4};
            double sigma = 0.7;
            double[] got = diracs.denoise(manager.create(xs, new Shape(xs.length, 1)), sigma).toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                double a = Math.log(0.25) - (xs[i] + 1) * (xs[i] + 1) / (2 * sigma * sigma);
                double b = Math.log(0.75) - (xs[i] - 2) * (xs[i] - 2) / (2 * sigma * sigma);
                double max = Math.max(a, b);
                double ra = Math.exp(a - max) / (Math.exp(a - max) + Math.exp(b - max));
                assertEquals(ra * -1 + (1 - ra) * 2, got[i], 1e-12);
            }
        }
    }

    @Test
    void matchesBruteForceWithDegenerateCovariances() {
        SplittableRandom random = new SplittableRandom(5);
        int d = 3;
        GaussianMixture.Builder builder = GaussianMixture.builder();
        double[][][] covariances = new double[4][][];
        double[][] means = new double[4][];
        double[] weights = {0.5, 1, 2, 0.25};
        for (int k = 0; k < 4; k++) {
            RealMatrix a = new Array2DRowRealMatrix(d, k == 3 ? 1 : d);
            for (int r = 0; r < a.getRowDimension(); r++) {
                for (int c = 0; c < a.getColumnDimension(); c++) {
                    a.setEntry(r, c, random.nextDouble(-1, 1));
                }
            }
            covariances[k] = a.multiply(a.transpose()).getData(); // component 3 has rank 1
            means[k] = new double[] {random.nextDouble(-2, 2), random.nextDouble(-2, 2), random.nextDouble(-2, 2)};
            builder.add(weights[k], means[k], covariances[k]);
        }
        builder.addIsotropic(0.5, new double[] {1, 1, 1}, 0); // a Dirac
        GaussianMixture mixture = builder.build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = SeededNoise.normal(manager, new Shape(40, d), DataType.FLOAT64, 3).mul(2);
            double[] points = x.toDoubleArray();
            for (double sigma : new double[] {0.05, 0.4, 2}) {
                double[] got = mixture.denoise(x, sigma).toDoubleArray();
                for (int i = 0; i < 40; i++) {
                    double[] p = Arrays.copyOfRange(points, i * d, (i + 1) * d);
                    double[] expected = bruteForce(p, sigma, weights, means, covariances);
                    assertArrayEquals(expected, Arrays.copyOfRange(got, i * d, (i + 1) * d), 1e-9);
                }
            }
        }
    }

    /** Direct densities (no log-sum-exp) and LU inverses, one point at a time. */
    private static double[] bruteForce(double[] x, double sigma, double[] w, double[][] mu, double[][][] s) {
        int k = w.length + 1;
        double[][] allMu = Arrays.copyOf(mu, k);
        allMu[k - 1] = new double[] {1, 1, 1};
        double[][][] allS = Arrays.copyOf(s, k);
        allS[k - 1] = new double[3][3];
        double[] allW = Arrays.copyOf(w, k);
        allW[k - 1] = 0.5;
        double total = 0;
        RealVector sum = new ArrayRealVector(3);
        for (int c = 0; c < k; c++) {
            RealMatrix cov = new Array2DRowRealMatrix(allS[c]);
            RealMatrix noisy = cov.add(MatrixUtils.createRealIdentityMatrix(3)
                    .scalarMultiply(sigma * sigma));
            LUDecomposition lu = new LUDecomposition(noisy);
            RealVector diff = new ArrayRealVector(x).subtract(new ArrayRealVector(allMu[c]));
            RealVector solved = lu.getSolver().solve(diff);
            double density = allW[c] * Math.exp(-0.5 * diff.dotProduct(solved)) / Math.sqrt(lu.getDeterminant());
            total += density;
            sum = sum.add(new ArrayRealVector(allMu[c]).add(cov.operate(solved)).mapMultiply(density));
        }
        return sum.mapDivide(total).toArray();
    }

    @Test
    void responsibilitiesSumToOneAndSurviveFarPoints() {
        GaussianMixture lines = MixtureFamilies.lines(4, 1, 0, 4, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1e3f, -1e3f, 0, 0, 4, 0.01f}, new Shape(3, 2));
            NDArray r = lines.responsibilities(x, 0.002);
            assertEquals(new Shape(3, 4), r.getShape());
            float[] sums = r.sum(new int[] {1}).toFloatArray();
            for (float s : sums) {
                assertEquals(1, s, 1e-5);
            }
            float[] denoised = lines.denoise(x, 0.002).toFloatArray();
            for (float v : denoised) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void memoryDoesNotGrowOverManyCalls() {
        GaussianMixture circle = MixtureFamilies.circle(0, 0, 2, 0.01, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = SeededNoise.normal(manager, new Shape(100, 2), DataType.FLOAT32, 1);
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 50; i++) {
                circle.denoise(x, 0.1 + i).close();
                circle.responsibilities(x, 0.1 + i).close();
            }
            assertEquals(before, manager.getManagedArrays().size());
        }
    }

    @Test
    void samplingIsSeededAndHasTheCovariance() {
        GaussianMixture g = GaussianMixture.builder()
                .add(1, new double[] {1, -1}, MixtureFamilies.rotated(0.6, 2, 0.1)).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = g.sample(manager, 20000, DataType.FLOAT64, 4);
            assertTrue(a.contentEquals(g.sample(manager, 20000, DataType.FLOAT64, 4)));
            double[] v = a.toDoubleArray();
            double[][] expected = g.covariance(0);
            double mx = 0;
            double my = 0;
            for (int i = 0; i < v.length; i += 2) {
                mx += v[i] / 20000;
                my += v[i + 1] / 20000;
            }
            double sxx = 0;
            double sxy = 0;
            for (int i = 0; i < v.length; i += 2) {
                sxx += (v[i] - mx) * (v[i] - mx) / 20000;
                sxy += (v[i] - mx) * (v[i + 1] - my) / 20000;
            }
            assertEquals(1, mx, 0.05);
            assertEquals(-1, my, 0.05);
            assertEquals(expected[0][0], sxx, 0.08);
            assertEquals(expected[0][1], sxy, 0.08);
        }
    }

    @Test
    void circleDenoiserPullsOntoTheRing() {
        GaussianMixture ring = MixtureFamilies.circle(1, -1, 2, 0, 128);
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] angles = {0.1, 1.3, 2.9, 4.0, 5.5};
            double[] pts = new double[angles.length * 2];
            for (int i = 0; i < angles.length; i++) {
                pts[2 * i] = 1 + 2.4 * Math.cos(angles[i]);
                pts[2 * i + 1] = -1 + 2.4 * Math.sin(angles[i]);
            }
            double[] d = ring.denoise(manager.create(pts, new Shape(angles.length, 2)), 0.05).toDoubleArray();
            for (int i = 0; i < angles.length; i++) {
                double r = Math.hypot(d[2 * i] - 1, d[2 * i + 1] + 1);
                assertEquals(2, r, 0.01, "radius after denoising");
                assertEquals(angles[i], Math.atan2(d[2 * i + 1] + 1, d[2 * i] - 1) + (angles[i] > Math.PI ? 2 * Math.PI : 0),
                        0.01, "angle kept");
            }
        }
    }

    @Test
    void principalDirectionOfALine() {
        GaussianMixture g = GaussianMixture.builder().add(1, new double[] {0, 0}, MixtureFamilies.rotated(0.3, 1, 0)).build();
        double[] u = g.principalDirection(0);
        assertEquals(1, Math.abs(u[0] * Math.cos(0.3) + u[1] * Math.sin(0.3)), 1e-12);
    }

    @Test
    void rejectsBadInput() {
        GaussianMixture.Builder b = GaussianMixture.builder();
        assertThrows(IllegalArgumentException.class, () -> b.add(0, new double[] {0}, new double[][] {{1}}));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new double[] {0, 0}, new double[][] {{1, 0.5}, {0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new double[] {0}, new double[][] {{1, 0}}));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new double[] {Double.NaN}, new double[][] {{1}}));
        assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.builder().add(1, new double[] {0}, new double[][] {{-1}}).build());
        assertThrows(IllegalArgumentException.class, () -> GaussianMixture.builder().build());
        b.add(1, new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}});
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new double[] {0}, new double[][] {{1}}));
        GaussianMixture g = b.build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.zeros(new Shape(3, 2));
            assertThrows(IllegalArgumentException.class, () -> g.denoise(x, 0));
            assertThrows(IllegalArgumentException.class, () -> g.denoise(manager.zeros(new Shape(3, 3)), 1));
        }
        assertThrows(IllegalArgumentException.class, () -> MixtureFamilies.lines(2, 1, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> MixtureFamilies.circle(0, 0, 1, -1, 8));
    }
}
