package org.mppm.samplers.edm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Denoiser;

/** Exact denoisers for the sampler tests. */
final class Toys {
    private Toys() {}

    /** reference.md's toy: data ~ N(mu, s2) per coordinate, {@code D = mu + s2/(s2 + sigma^2)(x - mu)}. */
    static Denoiser gaussian(double mu, double s2) {
        return (x, sigma) -> x.sub(mu).muli(s2 / (s2 + sigma * sigma)).addi(mu);
    }

    /** A centred Gaussian with per-coordinate variances {@code v} over {@code [B, v.length]}. */
    static Denoiser diagonalGaussian(double... v) {
        return (x, sigma) -> {
            double[] shrink = new double[v.length];
            for (int j = 0; j < v.length; j++) {
                shrink[j] = v[j] / (v[j] + sigma * sigma);
            }
            try (NDArray factor = x.getManager().create(shrink).toType(x.getDataType(), false)) {
                return x.mul(factor);
            }
        };
    }

    /** A Dirac at {@code mu}: {@code D(x; sigma) = mu} for every sigma. */
    static Denoiser dirac(double mu) {
        return (x, sigma) -> x.zerosLike().addi(mu);
    }
}
