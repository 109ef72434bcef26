package org.mppm.examples.bench;

import java.util.Arrays;

/**
 * Wall-clock timing: warm-up runs, then timed runs. Rates are the timed runs' samples over their
 * total time, the statistic of the eager-PyTorch peer ({@code shared/bench/peer_lmppm.py}), so a
 * slow run counts as it does there; the time of one part of a call is the median run.
 */
public final class Timing {
    private Timing() {}

    /** Median seconds of one {@code run}, after {@code settings.warmup()} untimed runs. */
    public static double medianSeconds(BenchSettings settings, Runnable run) {
        warmUp(settings, run);
        double[] seconds = new double[settings.iterations()];
        for (int i = 0; i < seconds.length; i++) {
            long t0 = System.nanoTime();
            run.run();
            seconds[i] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(seconds);
        int n = seconds.length;
        return n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
    }

    /** Samples per second for batches of {@code settings.batch()}, over the timed runs' total time, rounded to 0.1. */
    public static double perSecond(BenchSettings settings, Runnable run) {
        return perSecond(settings, settings.batch(), run);
    }

    /**
     * Samples per second for batches of {@code batch} samples (a part whose batch is fixed, e.g.
     * Algorithm 2's 256 images, whatever {@code --batch} says): {@code settings.warmup()} untimed
     * runs, then {@code batch x settings.iterations()} samples over the timed runs' total time,
     * rounded to 0.1.
     */
    public static double perSecond(BenchSettings settings, int batch, Runnable run) {
        warmUp(settings, run);
        long t0 = System.nanoTime();
        for (int i = 0; i < settings.iterations(); i++) {
            run.run();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return Math.round(10 * (double) batch * settings.iterations() / seconds) / 10.0;
    }

    private static void warmUp(BenchSettings settings, Runnable run) {
        for (int i = 0; i < settings.warmup(); i++) {
            run.run();
        }
    }
}
