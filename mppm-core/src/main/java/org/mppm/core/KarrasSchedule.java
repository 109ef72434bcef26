package org.mppm.core;

/**
 * The EDM noise levels (Karras et al. 2022, Eq. 5):
 * {@code sigma_i = (smax^(1/rho) + i/(N-1) (smin^(1/rho) - smax^(1/rho)))^rho} for i = 0..N-1,
 * then {@code sigma_N = 0}. Defaults: smin 0.002, smax 80, rho 7, N 18.
 */
public record KarrasSchedule(int steps, double sigmaMin, double sigmaMax, double rho) implements NoiseSchedule {

    public KarrasSchedule {
        if (steps < 2) {
            throw new IllegalArgumentException("steps must be >= 2, got " + steps);
        }
        if (!(sigmaMin > 0) || !Double.isFinite(sigmaMin)) {
            throw new IllegalArgumentException("sigmaMin must be a finite number > 0, got " + sigmaMin);
        }
        if (!(sigmaMax > sigmaMin) || !Double.isFinite(sigmaMax)) {
            throw new IllegalArgumentException(
                    "sigmaMax must be finite and > sigmaMin (" + sigmaMin + "), got " + sigmaMax);
        }
        if (!(rho > 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("rho must be a finite number > 0, got " + rho);
        }
    }

    /** The EDM defaults: N 18, smin 0.002, smax 80, rho 7. */
    public static KarrasSchedule edm() {
        return new KarrasSchedule(18, 0.002, 80, 7);
    }

    /** The EDM defaults with N steps. */
    public static KarrasSchedule edm(int steps) {
        return new KarrasSchedule(steps, 0.002, 80, 7);
    }

    @Override
    public double[] sigmas() {
        double[] s = new double[steps + 1];
        double hi = Math.pow(sigmaMax, 1 / rho);
        double lo = Math.pow(sigmaMin, 1 / rho);
        for (int i = 0; i < steps; i++) {
            s[i] = Math.pow(hi + (double) i / (steps - 1) * (lo - hi), rho);
        }
        s[steps] = 0;
        return s;
    }
}
