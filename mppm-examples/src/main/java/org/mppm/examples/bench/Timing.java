package org.mppm.examples.bench;

import java.util.Arrays;

/** Wall-clock timing: warm-up runs, then the median of the timed runs. */
public final class Timing {
    private Timing() {}

    /** Median seconds of one {@code run}, after {@code settings.warmup()} untimed runs. */
    public static double medianSeconds(BenchSettings settings, Runnable run) {
        for (int i = 0; i < settings.warmup(); i++) {
            run.run();
        }
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

    /** Samples per second for a batch of {@code settings.batch()} processed in the median time, rounded to 0.1. */
    public static double perSecond(BenchSettings settings, Runnable run) {
        return perSecond(settings, settings.batch(), run);
    }

    /**
     * Samples per second for a batch of {@code batch} samples processed in the median time, rounded
     * to 0.1 (a part whose batch is fixed, e.g. Algorithm 2's 256 images, whatever {@code --batch} says).
     */
    public static double perSecond(BenchSettings settings, int batch, Runnable run) {
        return Math.round(10 * batch / medianSeconds(settings, run)) / 10.0;
    }
}
