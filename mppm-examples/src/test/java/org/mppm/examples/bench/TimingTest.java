package org.mppm.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Timing}'s statistics: a rate counts every timed run, slow ones included (the peer's
 * statistic), after the untimed warm-up runs; a part's time is its median run.
 */
class TimingTest {
    /** Nine runs of about 1 ms and one of 60 ms: the rate over the total time, not the typical run's. */
    private static Runnable oneSlowRun(AtomicInteger calls, int warmup) {
        return () -> {
            int call = calls.getAndIncrement();
            sleep(call == warmup + 4 ? 60 : 1);
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRateCountsTheSlowRunAndSkipsTheWarmUp() {
        AtomicInteger calls = new AtomicInteger();
        BenchSettings settings = new BenchSettings(2, 10, 4, 0, 1);
        double rate = Timing.perSecond(settings, oneSlowRun(calls, 2));
        assertEquals(12, calls.get(), "2 warm-up and 10 timed runs");
        // 40 samples in at least 69 ms: at most 580 samples/s; the median run alone would give about 4,000
        assertTrue(rate > 0 && rate < 580, "rate " + rate);
    }

    @Test
    void aPartsTimeIsItsMedianRun() {
        AtomicInteger calls = new AtomicInteger();
        double seconds = Timing.medianSeconds(new BenchSettings(0, 11, 4, 0, 1), oneSlowRun(calls, 0));
        assertTrue(seconds >= 0.001 && seconds < 0.03, "median " + seconds);
    }
}
