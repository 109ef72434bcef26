package org.mppm.models.lmppm;

/**
 * How a trained {@link Lmppm} restores by default (Algorithm 2): the weights of its two terms,
 * {@code z^{n+1} = (1 - beta) z^n + beta z-bar(z^n) - alpha D_S(z^n) grad D_S / |grad D_S|}, the
 * number of steps, and the Appendix B variant. Saved with the model, so a loaded model restores as
 * the saved one did; {@link Lmppm#restoration()} starts from these settings for overrides.
 * Validated when built (messages name the field).
 *
 * @param alpha                  weight of the distance descent: {@code 0 < alpha}, and
 *                               {@code alpha <= 1} when beta = 0 (the latent Eq. 11)
 * @param beta                   weight of the kernel pull, {@code >= 0}, {@code alpha + beta < 1}
 * @param steps                  exactly this many steps, {@code >= 0} (0 restores {@code G(F(x))})
 * @param reencodeEachStep       decode and encode again after every step (the authors' reading of
 *                               Appendix B; default false)
 * @param skipsFollowRestoration encode once but let the skips follow the restoration (ours; default
 *                               false); excludes {@code reencodeEachStep}
 */
public record LmppmRestoration(double alpha, double beta, int steps, boolean reencodeEachStep,
        boolean skipsFollowRestoration) {

    /** Algorithm 2's defaults: alpha 0.15, beta 0.1, 16 steps, encode once, the degraded sample's skips. */
    public static final LmppmRestoration DEFAULTS = new LmppmRestoration(0.15, 0.1, 16, false, false);

    public LmppmRestoration {
        if (!(alpha > 0 && Double.isFinite(alpha))) {
            throw new IllegalArgumentException("restoration alpha must be > 0 and finite, got " + alpha);
        }
        if (!(beta >= 0 && Double.isFinite(beta))) {
            throw new IllegalArgumentException("restoration beta must be >= 0 and finite, got " + beta);
        }
        if (beta == 0 && alpha > 1) {
            throw new IllegalArgumentException("restoration alpha must be <= 1 when beta = 0 (Eq. 11), got " + alpha);
        }
        if (beta > 0 && !(alpha + beta < 1)) {
            throw new IllegalArgumentException("restoration alpha + beta must be < 1 (Eq. 12), got alpha " + alpha
                    + " + beta " + beta);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("restoration steps must be >= 0, got " + steps);
        }
        if (reencodeEachStep && skipsFollowRestoration) {
            throw new IllegalArgumentException(
                    "restoration reencodeEachStep and skipsFollowRestoration exclude each other");
        }
    }

    /** These settings with the weights alpha and beta. */
    public LmppmRestoration withWeights(double newAlpha, double newBeta) {
        return new LmppmRestoration(newAlpha, newBeta, steps, reencodeEachStep, skipsFollowRestoration);
    }

    /** These settings with exactly {@code n} steps. */
    public LmppmRestoration withSteps(int n) {
        return new LmppmRestoration(alpha, beta, n, reencodeEachStep, skipsFollowRestoration);
    }

    /** These settings with the re-encoding variant on or off. */
    public LmppmRestoration withReencodeEachStep(boolean on) {
        return new LmppmRestoration(alpha, beta, steps, on, skipsFollowRestoration);
    }

    /** These settings with the skips-follow variant on or off. */
    public LmppmRestoration withSkipsFollowRestoration(boolean on) {
        return new LmppmRestoration(alpha, beta, steps, reencodeEachStep, on);
    }
}
