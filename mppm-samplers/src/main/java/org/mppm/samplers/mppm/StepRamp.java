package org.mppm.samplers.mppm;

import org.mppm.core.Checks;

/**
 * The authors' ramped step sizes for Algorithm 2 (their public code; mppm-notes.md), an option next
 * to the paper's fixed alpha and beta:
 * {@code z <- z - b_n [lam_n (z - z_shift) + (1 - lam_n) (z - z-bar)]} with {@code b_n = n / N} and
 * {@code lam_n} rising linearly from {@code lamStart} (step 1) to {@code lamEnd} (step N), i.e.
 * {@code alpha_n = b_n lam_n} and {@code beta_n = b_n (1 - lam_n)}, so {@code alpha_n + beta_n = b_n <= 1}.
 * Restoration in the authors' code: N = 8, lam 0.65 to 0.9; generation: N = 15 from lam 0.3.
 *
 * @param steps    N (>= 1)
 * @param lamStart lam_1 in (0, 1)
 * @param lamEnd   lam_N in (0, 1)
 */
public record StepRamp(int steps, double lamStart, double lamEnd) {

    public StepRamp {
        Checks.requireAtLeast("steps", steps, 1);
        if (!(lamStart > 0 && lamStart < 1) || !(lamEnd > 0 && lamEnd < 1)) {
            throw new IllegalArgumentException("lam must lie in (0, 1) at both ends, got " + lamStart + " and " + lamEnd);
        }
    }

    /** The authors' restoration ramp: 8 steps, lam 0.65 to 0.9. */
    public static StepRamp authorsRestoration() {
        return new StepRamp(8, 0.65, 0.9);
    }

    /** b_n = n / N. */
    public double scale(int n) {
        return (double) Math.min(n, steps) / steps;
    }

    /** lam_n, linear from lamStart to lamEnd. */
    public double lam(int n) {
        return steps == 1 ? lamEnd : lamStart + (lamEnd - lamStart) * (Math.min(n, steps) - 1) / (steps - 1);
    }

    /** The distance-descent weight alpha_n = b_n lam_n. */
    public double alpha(int n) {
        return scale(n) * lam(n);
    }

    /** The kernel-pull weight beta_n = b_n (1 - lam_n). */
    public double beta(int n) {
        return scale(n) * (1 - lam(n));
    }
}
