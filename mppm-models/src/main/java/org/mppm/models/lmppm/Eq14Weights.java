package org.mppm.models.lmppm;

import org.mppm.core.Checks;

/**
 * The weights lambda_1..lambda_6 of the LMPPM composite loss, Eq. 14 (each >= 0, not all 0).
 *
 * @param distance     lambda_1: {@code (D_S(z) - |z - z*|)^2}
 * @param reconstruct  lambda_2: {@code |x_clean - G(F(x_clean))|^2}
 * @param boundary     lambda_3: {@code D_S(F(x_clean))^2}
 * @param positivity   lambda_4: {@code (D_S(z) - |D_S(z)|)^2}
 * @param shift        lambda_5: {@code |z_shift - z*|}
 * @param decodedShift lambda_6: {@code |G(z_shift) - x*|}
 */
public record Eq14Weights(double distance, double reconstruct, double boundary, double positivity, double shift,
        double decodedShift) {

    public Eq14Weights {
        Checks.requireLossWeights(distance, reconstruct, boundary, positivity, shift, decodedShift);
    }

    /** All six terms at weight 1. */
    public static Eq14Weights ones() {
        return new Eq14Weights(1, 1, 1, 1, 1, 1);
    }
}
