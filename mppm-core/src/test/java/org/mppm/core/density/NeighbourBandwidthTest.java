package org.mppm.core.density;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.mppm.core.Arrays64;

class NeighbourBandwidthTest {

    /** Mean leave-one-out perplexity over all points, every other point included, on the host. */
    static double directPerplexity(double[][] x, double sigma) {
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double[] logits = new double[x.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < x.length; j++) {
                if (j == i) {
                    continue;
                }
                double sq = 0;
                for (int c = 0; c < x[i].length; c++) {
                    sq += (x[i][c] - x[j][c]) * (x[i][c] - x[j][c]);
                }
                logits[j] = -sq / (2 * sigma * sigma);
                max = Math.max(max, logits[j]);
            }
            double z = 0;
            for (int j = 0; j < x.length; j++) {
                z += j == i ? 0 : Math.exp(logits[j] - max);
            }
            double h = 0;
            for (int j = 0; j < x.length; j++) {
                if (j != i) {
                    double w = Math.exp(logits[j] - max) / z;
                    h -= w > 0 ? w * Math.log(w) : 0;
                }
            }
            total += Math.exp(h);
        }
        return total / x.length;
    }

    @Property(tries = 15)
    void theBandwidthHasTheRequestedPerplexityOverAllCodes(@ForAll @IntRange(min = 2, max = 64) int d,
            @ForAll @DoubleRange(min = 1.5, max = 20) double k, @ForAll long seed) {
        double[][] x = Arrays64.gaussian(new Random(seed), 150, d, 1);
        try (NDManager nd = NDManager.newBaseManager()) {
            double sigma = NeighbourBandwidth.forPerplexity(nd.create(x), k, 1000, 3);
            assertEquals(k, directPerplexity(x, sigma), 1e-4 * k, "d " + d + ", sigma " + sigma);
        }
    }

    @Property(tries = 10)
    void scalingTheCodesScalesTheBandwidth(@ForAll @DoubleRange(min = 0.01, max = 100) double c, @ForAll long seed) {
        double[][] x = Arrays64.gaussian(new Random(seed), 80, 5, 1);
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
            for (int j = 0; j < y[i].length; j++) {
                y[i][j] *= c;
            }
        }
        try (NDManager nd = NDManager.newBaseManager()) {
            double a = NeighbourBandwidth.forPerplexity(nd.create(x), 4, 1000, 1);
            double b = NeighbourBandwidth.forPerplexity(nd.create(y), 4, 1000, 1);
            assertEquals(c * a, b, 1e-6 * c * a);
        }
    }

    @Test
    void inHighDimensionsTheMedianNearestNeighbourDistanceAveragesOverMostCodes() {
        double[][] x = Arrays64.gaussian(new Random(5), 400, 128, 1);
        try (NDManager nd = NDManager.newBaseManager()) {
            double median = GaussianKernelDensity.medianNearestNeighbourDistance(nd.create(x));
            double perplexity = directPerplexity(x, median);
            assertTrue(perplexity > 100, "perplexity at the median NN distance: " + perplexity);
            double five = NeighbourBandwidth.forPerplexity(nd.create(x), 5, 1000, 1);
            assertTrue(five < median / 2, five + " against " + median);
            // a subset of queries gives nearly the same bandwidth
            double sub = NeighbourBandwidth.forPerplexity(nd.create(x), 5, 100, 1);
            assertEquals(five, sub, 0.05 * five);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] x = Arrays64.gaussian(new Random(1), 20, 3, 1);
            assertThrows(IllegalArgumentException.class, () -> NeighbourBandwidth.forPerplexity(nd.create(x), 1, 10, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NeighbourBandwidth.forPerplexity(nd.create(x), 6, 10, 1));
            assertTrue(e.getMessage().contains("(1, 4.75]"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> NeighbourBandwidth.forPerplexity(nd.create(new double[][] {{0, 0}, {1, 1}}), 1.5, 10, 1));
            x[3][1] = Double.NaN;
            assertThrows(IllegalArgumentException.class, () -> NeighbourBandwidth.forPerplexity(nd.create(x), 2, 10, 1));
        }
    }
}
