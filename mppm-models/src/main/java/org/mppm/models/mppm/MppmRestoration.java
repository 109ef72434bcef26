package org.mppm.models.mppm;

/**
 * How a trained {@link Mppm} restores by default (Algorithm 1, Eq. 12):
 * {@code x^{n+1} = (1 - beta) x^n + beta G-bar(x^n) - alpha D(x^n) grad D / |grad D|}, stopped per
 * sample when its step is below the tolerance, or after {@code maxSteps}. Saved with the model, so
 * a loaded model restores as the saved one did; {@link Mppm#restoration()} starts from these
 * settings for overrides. Validated when built (messages name the field).
 *
 * @param alpha     weight of the distance descent, {@code > 0}
 * @param beta      weight of the pull towards G-bar, {@code > 0}, {@code alpha + beta < 1}
 * @param tolerance per-sample stopping tolerance on the step, {@code > 0}; 0: exactly
 *                  {@code maxSteps} steps
 * @param maxSteps  at most (with a tolerance) or exactly (without) this many steps, {@code >= 1}
 */
public record MppmRestoration(double alpha, double beta, double tolerance, int maxSteps) {

    /** Table 9: alpha 0.15, beta 0.1, tolerance 0.005, at most 60 steps. */
    public static final MppmRestoration DEFAULTS = new MppmRestoration(0.15, 0.1, 0.005, 60);

    public MppmRestoration {
        if (!(alpha > 0 && Double.isFinite(alpha))) {
            throw new IllegalArgumentException("restoration alpha must be > 0 and finite, got " + alpha);
        }
        if (!(beta > 0 && Double.isFinite(beta))) {
            throw new IllegalArgumentException("restoration beta must be > 0 and finite, got " + beta);
        }
        if (!(alpha + beta < 1)) {
            throw new IllegalArgumentException("restoration alpha + beta must be < 1 (Eq. 12), got alpha " + alpha
                    + " + beta " + beta);
        }
        if (!(tolerance >= 0 && Double.isFinite(tolerance))) {
            throw new IllegalArgumentException("restoration tolerance must be >= 0 and finite (0: fixed steps), got "
                    + tolerance);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("restoration maxSteps must be >= 1, got " + maxSteps);
        }
    }

    /** These settings with the weights alpha and beta. */
    public MppmRestoration withWeights(double newAlpha, double newBeta) {
        return new MppmRestoration(newAlpha, newBeta, tolerance, maxSteps);
    }

    /** These settings with another stopping rule (tolerance 0: exactly {@code steps} steps). */
    public MppmRestoration withStopping(double newTolerance, int steps) {
        return new MppmRestoration(alpha, beta, newTolerance, steps);
    }
}
