package org.mppm.models.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Test harness: one model called from many threads at once, compared bit for bit with sequential calls. */
final class ConcurrentCalls {
    private ConcurrentCalls() {}

    /** The raw bits of a result, then closes it. */
    static int[] bits(NDArray result) {
        try (result) {
            float[] v = result.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            int[] b = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = Float.floatToRawIntBits(v[i]);
            }
            return b;
        }
    }

    /**
     * Runs {@code call(input)} {@code calls} times in each of {@code threads} threads at once on one
     * shared input, and asserts every result equals the sequential result bit for bit, that no call
     * failed, and that the model still gives the same result afterwards (and the input is intact).
     */
    static void assertSameBitsAsSequential(String name, Function<NDArray, NDArray> call, NDArray input, int threads,
            int calls) throws Exception {
        int[] inputBits = bits(input.duplicate());
        int[] expected = bits(call.apply(input));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger mismatches = new AtomicInteger();
        inThreads(threads, () -> { }, () -> {
            for (int i = 0; i < calls; i++) {
                try {
                    if (!Arrays.equals(expected, bits(call.apply(input)))) {
                        mismatches.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        });
        if (!failures.isEmpty()) {
            Throwable first = failures.peek();
            throw new AssertionError(name + ": " + failures.size() + " of " + threads * calls + " concurrent calls failed, first: "
                    + first, first);
        }
        assertEquals(0, mismatches.get(), name + ": concurrent results that differ from the sequential one");
        assertTrue(Arrays.equals(expected, bits(call.apply(input))), name + ": the model changed after concurrent use");
        assertTrue(Arrays.equals(inputBits, bits(input.duplicate())), name + ": the shared input changed");
    }

    /**
     * Runs {@code body} in {@code threads} threads at once; once all of them have started, runs
     * {@code meanwhile} in the calling thread, then waits for every thread (rethrowing the first
     * failure of a body).
     */
    static void inThreads(int threads, ThrowingRunnable meanwhile, ThrowingRunnable body) throws Exception {
        CountDownLatch started = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    started.countDown();
                    started.await();
                    body.run();
                    return null;
                }));
            }
            started.await();
            meanwhile.run();
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A body that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
