package org.mppm.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    /** The array product gives Commons Math's bits, for its array and its block matrices alike. */
    @Property(tries = 40)
    void productIsCommonsMathsProductToTheBit(@ForAll @IntRange(min = 1, max = 90) int rows,
            @ForAll @IntRange(min = 1, max = 90) int inner, @ForAll @IntRange(min = 1, max = 90) int cols,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] a = spreadEntries(random, rows, inner);
        double[][] b = spreadEntries(random, inner, cols);
        RealMatrix expected = new Array2DRowRealMatrix(a).multiply(new BlockRealMatrix(b));
        double[][] got = FrechetDistance.product(new BlockRealMatrix(a), new Array2DRowRealMatrix(b)).getData();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                assertEquals(Double.doubleToRawLongBits(expected.getEntry(r, c)), Double.doubleToRawLongBits(got[r][c]),
                        () -> "entry differs");
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.product(new Array2DRowRealMatrix(rows, inner), new Array2DRowRealMatrix(inner + 1, cols)));
    }

    /**
     * The same bits once the JIT compiler has compiled the product into vector code: the
     * evaluation's 128 x 128 products, 300 times over.
     */
    @Test
    void productKeepsCommonsMathsBitsWhenCompiled() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] a = spreadEntries(random, 128, 128);
        double[][] b = spreadEntries(random, 128, 128);
        double[][] expected = new Array2DRowRealMatrix(a).multiply(new Array2DRowRealMatrix(b)).getData();
        for (int round = 0; round < 300; round++) {
            double[][] got = FrechetDistance.product(new Array2DRowRealMatrix(a, false), new Array2DRowRealMatrix(b, false))
                    .getData();
            for (int r = 0; r < 128; r++) {
                for (int c = 0; c < 128; c++) {
                    if (Double.doubleToRawLongBits(expected[r][c]) != Double.doubleToRawLongBits(got[r][c])) {
                        throw new AssertionError("round " + round + ": entry (" + r + ", " + c + ") is " + got[r][c]
                                + ", Commons Math gives " + expected[r][c]);
                    }
                }
            }
        }
    }

    /** Gaussian entries scaled over ten orders of magnitude, so that the order of summation shows in the bits. */
    private static double[][] spreadEntries(SplittableRandom random, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int i = 0; i < cols; i++) {
                row[i] = random.nextGaussian() * Math.exp(random.nextDouble(-5, 5));
            }
        }
        return m;
    }

    @Test
    void oneDimensionalReferenceVector() {
        // mu 0 vs 1, var 4 vs 1: 1 + 4 + 1 - 2 sqrt(4) = 2
        GaussianMoments a = new GaussianMoments(new double[] {0}, new double[][] {{4}}, 10);
        GaussianMoments b = new GaussianMoments(new double[] {1}, new double[][] {{1}}, 10);
        assertEquals(2.0, FrechetDistance.between(a, b), 1e-12);
    }

    @Test
    void diagonalCovariancesHaveClosedForm() {
        double[] ma = {0.5, -1, 2};
        double[] mb = {0, 1, 2.5};
        double[] va = {1, 4, 0.25};
        double[] vb = {9, 1, 0.36};
        double expect = 0;
        for (int i = 0; i < 3; i++) {
            expect += (ma[i] - mb[i]) * (ma[i] - mb[i]) + Math.pow(Math.sqrt(va[i]) - Math.sqrt(vb[i]), 2);
        }
        assertEquals(expect, FrechetDistance.between(new GaussianMoments(ma, diag(va), 5), new GaussianMoments(mb, diag(vb), 5)), 1e-10);
    }

    @Test
    void identicalSetsGiveZeroAndSamplesUseNMinusOne() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] x = new double[50][6];
        for (double[] row : x) {
            for (int j = 0; j < 6; j++) {
                row[j] = r.nextGaussian() * (j + 1);
            }
        }
        GaussianMoments g = GaussianMoments.of(x);
        assertEquals(0.0, FrechetDistance.between(g, GaussianMoments.of(x)), 1e-9);
        GaussianMoments two = GaussianMoments.of(new double[][] {{0}, {2}});
        assertEquals(2.0, two.covariance()[0][0], 1e-15); // (1 + 1) / (2 - 1)
    }

    @Test
    void nonCommutingCovariancesMatchTheDirectSquareRoot() {
        // S1 = [[2, 1], [1, 2]], S2 = [[1, 0], [0, 3]]: Tr sqrt(S1 S2) computed from the 2x2
        // closed form sqrt(M) trace = sqrt(tr M + 2 sqrt(det M)) for M with positive eigenvalues
        double[][] s1 = {{2, 1}, {1, 2}};
        double[][] s2 = {{1, 0}, {0, 3}};
        double trM = 2 * 1 + 1 * 0 + 1 * 0 + 2 * 3; // tr(S1 S2) = 8
        double detM = (4 - 1) * 3; // det S1 det S2 = 9
        double trSqrt = Math.sqrt(trM + 2 * Math.sqrt(detM));
        double expect = 2 + 2 + 1 + 3 - 2 * trSqrt;
        double got = FrechetDistance.between(new GaussianMoments(new double[2], s1, 3), new GaussianMoments(new double[2], s2, 3));
        assertEquals(expect, got, 1e-10);
    }

    @Test
    void rejectsMismatchedDimensionsAndNonFiniteSamples() {
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(
                new GaussianMoments(new double[1], new double[][] {{1}}, 2),
                new GaussianMoments(new double[2], new double[][] {{1, 0}, {0, 1}}, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMoments.of(new double[][] {{0, 1}, {Double.NaN, 2}}));
        assertEquals("sample 1 coordinate 0 is not finite: NaN", e.getMessage());
    }

    private static double[][] diag(double[] v) {
        double[][] d = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            d[i][i] = v[i];
        }
        return d;
    }

    @Test
    void rankDeficientCovariancesWithDeadFeaturesStayFinite() {
        // 40 samples in 64-d with half the coordinates always 0 (dead ReLU units): singular covariances
        SplittableRandom r = new SplittableRandom(9);
        double[][] a = new double[40][64];
        double[][] b = new double[40][64];
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 32; j++) {
                a[i][j] = Math.max(0, r.nextGaussian());
                b[i][j] = Math.max(0, r.nextGaussian() + 0.5);
            }
        }
        double fd = FrechetDistance.between(GaussianMoments.of(a), GaussianMoments.of(b));
        double self = FrechetDistance.between(GaussianMoments.of(a), GaussianMoments.of(a));
        org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(fd) && fd > 1, "FD " + fd);
        assertEquals(0.0, self, 1e-6);
    }
}
