package org.mppm.samplers.edm;

/**
 * EDM's stochastic "churn" (Karras et al. 2022, Algorithm 2): before a step at level
 * {@code sigma_i} with {@code sMin <= sigma_i <= sMax}, raise the level to
 * {@code sigma_hat = sigma_i (1 + gamma)}, {@code gamma = min(sChurn / N, sqrt(2) - 1)}, by adding
 * noise {@code x_hat = x_i + sqrt(sigma_hat^2 - sigma_i^2) sNoise eps}. {@link #none()} disables it.
 *
 * @param sChurn total churn {@code >= 0} (0 = deterministic sampler)
 * @param sMin   lowest level with churn, {@code >= 0}
 * @param sMax   highest level with churn, {@code >= sMin}
 * @param sNoise noise inflation {@code > 0} (EDM uses 1 to 1.007)
 */
public record Churn(double sChurn, double sMin, double sMax, double sNoise) {

    public Churn {
        if (!(sChurn >= 0) || !Double.isFinite(sChurn)) {
            throw new IllegalArgumentException("sChurn must be a finite number >= 0, got " + sChurn);
        }
        if (!(sMin >= 0) || Double.isNaN(sMin)) {
            throw new IllegalArgumentException("sMin must be >= 0, got " + sMin);
        }
        if (!(sMax >= sMin)) {
            throw new IllegalArgumentException("sMax must be >= sMin (" + sMin + "), got " + sMax);
        }
        if (!(sNoise > 0) || !Double.isFinite(sNoise)) {
            throw new IllegalArgumentException("sNoise must be a finite number > 0, got " + sNoise);
        }
    }

    /** No churn: the deterministic sampler. */
    public static Churn none() {
        return new Churn(0, 0, Double.POSITIVE_INFINITY, 1);
    }

    /** Churn {@code sChurn} on every level, {@code sNoise = 1}. */
    public static Churn of(double sChurn) {
        return new Churn(sChurn, 0, Double.POSITIVE_INFINITY, 1);
    }

    /** Whether any step is stochastic. */
    public boolean enabled() {
        return sChurn > 0;
    }

    /** The churn factor gamma for level {@code sigma} in a schedule of {@code steps} steps. */
    public double gamma(double sigma, int steps) {
        if (!enabled() || sigma < sMin || sigma > sMax) {
            return 0;
        }
        return Math.min(sChurn / steps, Math.sqrt(2) - 1);
    }
}
