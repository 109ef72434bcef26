package org.mppm.models.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.Map;
import org.mppm.core.Chunking;
import org.mppm.core.Restorer;
import org.mppm.core.Sampler;

/**
 * The checks every {@link Restorer} and {@link Sampler} of the library passes, whatever the method:
 * shapes, ownership (the result in the caller's manager, the input untouched, no array left
 * behind), determinism (same seed, same bits), chunk invariance (chunk sizes 1, 7 and 64 give the
 * same bits as the whole batch) and clear errors on bad input.
 */
final class Contracts {
    static final int[] CHUNKS = {1, 7, 64};

    private Contracts() {}

    /**
     * @param name     the method, for messages
     * @param restorer the restorer under test
     * @param degraded a valid batch {@code [B, ...]} with B not a multiple of 7 or 16
     * @param bad      invalid inputs, each with a word its error message must contain
     */
    static void restorer(String name, Restorer restorer, NDArray degraded, Map<NDArray, String> bad) {
        NDManager caller = degraded.getManager();
        NDArray before = degraded.duplicate();
        int arrays = caller.getManagedArrays().size();
        NDArray whole = restorer.restore(degraded);
        assertEquals(arrays + 1, caller.getManagedArrays().size(), name + ": only the result is new in the caller's manager");
        assertSame(caller, whole.getManager(), name + ": the result belongs to the caller's manager");
        assertEquals(degraded.getShape(), whole.getShape(), name + ": same shape out");
        assertTrue(before.contentEquals(degraded), name + ": the input is unchanged");
        assertSame(caller, degraded.getManager(), name + ": the input keeps its manager");
        assertFalse(whole.isNaN().any().getBoolean(), name + ": a finite restoration");
        try (NDArray again = restorer.restore(degraded)) {
            assertTrue(whole.contentEquals(again), name + ": same input, same bits");
        }
        for (int chunk : CHUNKS) {
            try (NDArray chunked = restorer.restore(degraded, Chunking.of(chunk))) {
                assertTrue(whole.contentEquals(chunked), name + ": chunks of " + chunk + " give the same bits, max diff "
                        + chunked.sub(whole).abs().max().getFloat());
            }
        }
        for (Map.Entry<NDArray, String> input : bad.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> restorer.restore(input.getKey()),
                    name + ": rejects " + input.getValue());
            assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains(input.getValue().toLowerCase(Locale.ROOT)),
                    name + ": the message names " + input.getValue() + ": " + e.getMessage());
        }
        whole.close();
        before.close();
    }

    /**
     * @param name   the method, for messages
     * @param sampler the sampler under test
     * @param nd     the caller's manager
     * @param shape  the shape of one sample
     */
    static void sampler(String name, Sampler sampler, NDManager nd, Shape shape) {
        int count = 23;
        int arrays = nd.getManagedArrays().size();
        NDArray samples = sampler.sample(nd, count, 5);
        assertEquals(arrays + 1, nd.getManagedArrays().size(), name + ": only the samples are new in the caller's manager");
        assertSame(nd, samples.getManager(), name + ": the samples belong to the caller's manager");
        assertEquals(new Shape(count).addAll(shape), samples.getShape(), name + ": [count, ...]");
        assertFalse(samples.isNaN().any().getBoolean(), name + ": finite samples");
        try (NDArray again = sampler.sample(nd, count, 5); NDArray other = sampler.sample(nd, count, 6)) {
            assertTrue(samples.contentEquals(again), name + ": same seed, same bits");
            assertFalse(samples.contentEquals(other), name + ": another seed, other samples");
        }
        for (int chunk : CHUNKS) {
            try (NDArray chunked = sampler.sample(nd, count, 5, Chunking.of(chunk))) {
                assertTrue(samples.contentEquals(chunked), name + ": chunks of " + chunk + " give the same bits");
            }
        }
        try (NDArray first = sampler.sample(nd, 3, 5); NDArray head = samples.get("0:3")) {
            assertTrue(first.contentEquals(head), name + ": the first 3 of 23 samples are the 3 samples");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sampler.sample(nd, 0, 5));
        assertTrue(e.getMessage().contains("count"), name + ": " + e.getMessage());
        samples.close();
    }
}
