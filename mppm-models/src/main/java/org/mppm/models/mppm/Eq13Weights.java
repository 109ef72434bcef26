package org.mppm.models.mppm;

import org.mppm.core.Checks;

/**
 * The weights lambda_1..lambda_5 of the composite loss Eq. 13 (each >= 0, not all 0).
 *
 * @param distance    lambda_1: {@code (D(x) - |x - x*|)^2} off the manifold
 * @param reconstruct lambda_2: {@code |x_clean - G(F(x_clean))|^2}
 * @param boundary    lambda_3: {@code D(x_clean)^2}
 * @param positivity  lambda_4: {@code (D(x) - |D(x)|)^2}
 * @param shift       lambda_5: {@code |x_shift - x*|^2}
 */
public record Eq13Weights(double distance, double reconstruct, double boundary, double positivity, double shift) {

    public Eq13Weights {
        Checks.requireLossWeights(distance, reconstruct, boundary, positivity, shift);
    }

    /** All five terms at weight 1. */
    public static Eq13Weights ones() {
        return new Eq13Weights(1, 1, 1, 1, 1);
    }
}
