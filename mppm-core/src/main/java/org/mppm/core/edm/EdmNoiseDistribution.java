package org.mppm.core.edm;

import java.util.SplittableRandom;
import org.mppm.core.Checks;
import org.mppm.core.SeededNoise;

/**
 * EDM's training noise levels: {@code ln sigma ~ N(pMean, pStd^2)} (reference.md; EDM: -1.2, 1.2).
 *
 * @param pMean mean of ln sigma
 * @param pStd  standard deviation of ln sigma, {@code > 0}
 */
public record EdmNoiseDistribution(double pMean, double pStd) {

    public EdmNoiseDistribution {
        if (!Double.isFinite(pMean)) {
            throw new IllegalArgumentException("pMean must be finite, got " + pMean);
        }
        Checks.requirePositive("pStd", pStd);
    }

    /** EDM's default, ln sigma ~ N(-1.2, 1.2^2). */
    public static EdmNoiseDistribution standard() {
        return new EdmNoiseDistribution(-1.2, 1.2);
    }

    /** {@code n} levels drawn from the seeded source. */
    public double[] sample(int n, SplittableRandom random) {
        double[] sigmas = new double[n];
        for (int i = 0; i < n; i++) {
            sigmas[i] = Math.exp(pMean + pStd * SeededNoise.gaussian(random));
        }
        return sigmas;
    }
}
