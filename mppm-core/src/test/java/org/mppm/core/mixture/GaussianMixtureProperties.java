package org.mppm.core.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.mppm.core.SeededNoise;

class GaussianMixtureProperties {

    @Property(tries = 25)
    void isotropicGaussianMatchesClosedForm(@ForAll @IntRange(min = 1, max = 5) int dim,
            @ForAll @DoubleRange(min = 0, max = 4) double variance, @ForAll @DoubleRange(min = 0.01, max = 50) double sigma,
            @ForAll long seed) {
        double[] mean = new double[dim];
        for (int j = 0; j < dim; j++) {
            mean[j] = j - 1.5;
        }
        GaussianMixture g = GaussianMixture.builder().addIsotropic(2, mean, variance).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = SeededNoise.normal(manager, new Shape(7, dim), DataType.FLOAT64, seed).mul(3);
            double[] xs = x.toDoubleArray();
            double[] got = g.denoise(x, sigma).toDoubleArray();
            double shrink = variance / (variance + sigma * sigma);
            for (int i = 0; i < xs.length; i++) {
                double m = mean[i % dim];
                assertEquals(m + shrink * (xs[i] - m), got[i], 1e-10 * (1 + Math.abs(xs[i])));
            }
        }
    }

    @Property(tries = 20)
    void scoreIsTweedie(@ForAll @DoubleRange(min = 0.05, max = 5) double sigma, @ForAll long seed) {
        GaussianMixture lines = MixtureFamilies.lines(3, 1, 0.01, 2, seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = SeededNoise.normal(manager, new Shape(5, 2), DataType.FLOAT64, seed);
            // finite-difference gradient of log p_sigma against the score (D - x) / sigma^2
            double[] score = lines.asScore().score(x, sigma).toDoubleArray();
            double[] xs = x.toDoubleArray();
            double h = 1e-5;
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 2; j++) {
                    double[] plus = {xs[2 * i], xs[2 * i + 1]};
                    double[] minus = plus.clone();
                    plus[j] += h;
                    minus[j] -= h;
                    double fd = (logDensity(lines, plus, sigma) - logDensity(lines, minus, sigma)) / (2 * h);
                    assertEquals(fd, score[2 * i + j], 1e-5 * (1 + Math.abs(fd)));
                }
            }
        }
    }

    private static double logDensity(GaussianMixture g, double[] x, double sigma) {
        double p = 0;
        for (int k = 0; k < g.components(); k++) {
            double[][] c = g.covariance(k);
            double a = c[0][0] + sigma * sigma;
            double b = c[0][1];
            double d = c[1][1] + sigma * sigma;
            double det = a * d - b * b;
            double dx = x[0] - g.mean(k)[0];
            double dy = x[1] - g.mean(k)[1];
            double q = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
            p += g.weight(k) * Math.exp(-0.5 * q) / (2 * Math.PI * Math.sqrt(det));
        }
        return Math.log(p);
    }
}
