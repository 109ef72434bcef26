package org.mppm.samplers.smoothing;

import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.KarrasSchedule;

/**
 * Diffusion times {@code 0 <= t_0 < t_1 < ... < t_K} of the variance-exploding process
 * {@code X_t = X_0 + sqrt(t) Z} (noise level {@code sigma = sqrt(t)}). Samplers run it from
 * {@code t_K} down to {@code t_0}; the likelihood ODE runs it upwards.
 *
 * @param times the increasing times, at least two, the first {@code >= 0}
 */
public record TimeGrid(double[] times) {

    public TimeGrid {
        if (times.length < 2) {
            throw new IllegalArgumentException("a time grid needs at least 2 times, got " + times.length);
        }
        Checks.requireFinite("times", times);
        if (!(times[0] >= 0)) {
            throw new IllegalArgumentException("times must be >= 0, got t_0 = " + times[0]);
        }
        for (int k = 1; k < times.length; k++) {
            if (!(times[k] > times[k - 1])) {
                throw new IllegalArgumentException("times must increase, but t_" + k + " = " + times[k] + " <= t_"
                        + (k - 1) + " = " + times[k - 1]);
            }
        }
        times = times.clone();
    }

    /**
     * The geometric grid of the paper's experiments, {@code t_j = tMin (tMax / tMin)^(j / (n - 1))},
     * j = 0..n-1 (for the sampler {@code tMin = smin^2}, {@code tMax = smax^2 = T}).
     */
    public static TimeGrid geometric(double tMin, double tMax, int n) {
        Checks.requirePositive("tMin", tMin);
        Checks.requirePositive("tMax", tMax);
        Checks.requireAtLeast("n", n, 2);
        if (!(tMax > tMin)) {
            throw new IllegalArgumentException("tMax must exceed tMin, got " + tMax + " <= " + tMin);
        }
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
            t[j] = tMin * Math.pow(tMax / tMin, j / (double) (n - 1));
        }
        t[n - 1] = tMax;
        return new TimeGrid(t);
    }

    /**
     * The EDM grid (Karras et al. 2022, Eq. 5) in diffusion time: the schedule's N noise levels
     * {@code sigma_i = (smax^(1/rho) + i/(N-1) (smin^(1/rho) - smax^(1/rho)))^rho} as
     * {@code t = sigma^2}, increasing, from {@code smin^2} to {@code smax^2 = T} (its final
     * {@code sigma_N = 0} is left to {@link #withZero()}, as for {@link #geometric}). Between evenly
     * spaced sigma (rho = 1) and the geometric grid (rho -> infinity): with EDM's rho = 7 fewer steps
     * go to the smallest times than on the geometric grid with the same ends.
     */
    public static TimeGrid edm(KarrasSchedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        double[] sigmas = schedule.sigmas(); // decreasing, N levels then 0
        int n = sigmas.length - 1;
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
            double s = sigmas[n - 1 - j];
            t[j] = s * s;
        }
        return new TimeGrid(t);
    }

    /** {@link #edm(KarrasSchedule)} with N levels from {@code sMin} to {@code sMax} and rho = 7 (EDM's). */
    public static TimeGrid edm(double sMin, double sMax, int n) {
        return edm(new KarrasSchedule(n, sMin, sMax, 7));
    }

    /** This grid with {@code t = 0} prepended (the sampler's final target). */
    public TimeGrid withZero() {
        if (times[0] == 0) {
            return this;
        }
        double[] t = new double[times.length + 1];
        System.arraycopy(times, 0, t, 1, times.length);
        return new TimeGrid(t);
    }

    /** A copy of the times. */
    @Override
    public double[] times() {
        return times.clone();
    }

    /** The number of steps K (one fewer than the times). */
    public int steps() {
        return times.length - 1;
    }

    /** {@code t_k}. */
    public double time(int k) {
        return times[k];
    }

    /** The largest time {@code T = t_K}. */
    public double last() {
        return times[times.length - 1];
    }
}
