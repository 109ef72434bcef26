package org.mppm.samplers.edm;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.mppm.core.Checks;

/**
 * The reconstructed MAD schedule (mad.md): {@code gamma = b tau^a}, with tau the root in
 * {@code [0, sigma]} of {@code tau^2 + b tau^a = sigma^2}, found by Commons Math's
 * {@link BrentSolver} (a bracketing solver: the left side increases from 0 at tau = 0 to
 * {@code sigma^2 + b sigma^a} at tau = sigma). Larger b attracts more (b = 0 is standard
 * inference), larger a less.
 *
 * @param a the exponent, {@code > 0}
 * @param b the strength, {@code >= 0}
 */
public record PowerGamma(double a, double b) implements GammaSchedule {
    private static final int MAX_EVALUATIONS = 500;

    public PowerGamma {
        Checks.requirePositive("a", a);
        if (!(b >= 0) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("b must be a finite number >= 0, got " + b);
        }
    }

    @Override
    public double gamma(double sigma) {
        Checks.requirePositive("sigma", sigma);
        if (b == 0) {
            return 0;
        }
        // clamped against the solver's last-bit error, so that 0 <= gamma <= sigma^2 always holds
        return Math.min(b * StrictMath.pow(tau(sigma), a), sigma * sigma);
    }

    /** The level tau: the root of {@code tau^2 + b tau^a = sigma^2} in {@code [0, sigma]} (0 only where tau^2 underflows next to sigma^2). */
    public double tau(double sigma) {
        Checks.requirePositive("sigma", sigma);
        if (b == 0) {
            return sigma;
        }
        double target = sigma * sigma;
        BrentSolver solver = new BrentSolver(1e-15, Double.MIN_NORMAL, 0);
        return solver.solve(MAX_EVALUATIONS, t -> t * t + b * StrictMath.pow(t, a) - target, 0, sigma);
    }
}
