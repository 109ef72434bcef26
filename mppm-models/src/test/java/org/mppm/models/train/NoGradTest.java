package org.mppm.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mppm.core.Chunking;
import org.mppm.core.NoGrad;
import org.mppm.core.Restorer;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.SeededInitializer;
import org.mppm.models.nn.Stores;

/**
 * Restorations and fits record no autograd graph outside the training steps, on threads the engine
 * did not start (which record by default), and leave the calling thread's grad mode as it was.
 */
class NoGradTest {

    /** Runs {@code work} on a new thread, as a caller's own pool would. */
    private static <T> T onNewThread(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(work, task -> new Thread(task).start());
        return result.get(60, TimeUnit.SECONDS);
    }

    private static Mlp net(NDManager nd) {
        Mlp net = new Mlp(new int[] {2, 8, 2}, 0);
        SeededInitializer.initialize(net, nd, DataType.FLOAT32, new SeededNoise(3), new Shape(1, 2));
        return net;
    }

    /** {@code [rows, 2]} standard normal points drawn from {@code seed}. */
    private static NDArray points(NDManager nd, long seed, int rows) {
        return new SeededNoise(seed).nextNormal(nd, new Shape(rows, 2), DataType.FLOAT32, 1);
    }

    private static NDArray forward(Mlp net, NDArray x, boolean training) {
        return net.forward(Stores.direct(), new NDList(x), training).singletonOrThrow();
    }

    /** Whether {@code out} was made with a graph: the thread records and the net's weights require gradients. */
    private static boolean recorded(NDArray out) {
        return JniUtils.isGradMode() || JniUtils.requiresGrad((PtNDArray) out);
    }

    @Test
    void thePyTorchSwitchIsFound() {
        assertTrue(NoGrad.available());
    }

    @Test
    void aNewThreadRecordsByDefault() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp net = net(nd);
            NDArray x = nd.ones(new Shape(4, 2));
            // the control: without a scope, a forward pass on a new thread builds a graph
            assertTrue(onNewThread(() -> recorded(forward(net, x, false))));
        }
    }

    @Test
    void chunksRecordNoGraphOnTheCallerOrTheWorkers() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp net = net(nd);
            NDArray x = points(nd, 4, 64);
            List<Boolean> chunks = Collections.synchronizedList(new ArrayList<>());
            Restorer restorer = (degraded, first) -> {
                NDArray out = forward(net, degraded, false);
                chunks.add(recorded(out));
                return out;
            };
            for (int threads : new int[] {1, 2}) {
                chunks.clear();
                boolean[] modes = onNewThread(() -> {
                    boolean before = JniUtils.isGradMode();
                    try (NDArray y = restorer.restore(x, Chunking.of(16).withThreads(threads))) {
                        return new boolean[] {before, JniUtils.isGradMode(), JniUtils.requiresGrad((PtNDArray) y)};
                    }
                });
                assertEquals(4, chunks.size());
                assertFalse(chunks.contains(true), "a chunk recorded a graph on " + threads + " thread(s)");
                assertTrue(modes[0] && modes[1], "the caller's grad mode is restored");
                assertFalse(modes[2], "the result has no graph");
            }
        }
    }

    @Test
    void samplingRecordsNoGraphThroughChunksOrIntoAFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<Boolean> batches = Collections.synchronizedList(new ArrayList<>());
        org.mppm.core.Sampler sampler = (manager, seed, first, count) -> {
            batches.add(JniUtils.isGradMode());
            return manager.zeros(new Shape(count, 1, 4, 4));
        };
        boolean[] after = onNewThread(() -> {
            try (NDManager nd = NDManager.newBaseManager()) {
                sampler.sample(nd, 32, 7, Chunking.of(16).withThreads(2)).close();
                boolean afterChunks = JniUtils.isGradMode();
                org.mppm.models.images.FolderGeneration.of(sampler).withBatchSize(8).generate(16, 7, dir);
                return new boolean[] {afterChunks, JniUtils.isGradMode()};
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(4, batches.size());
        assertFalse(batches.contains(true), "a batch was drawn while recording");
        assertTrue(after[0] && after[1], "the caller's grad mode is restored");
    }

    @Test
    void aFitRecordsOnlyInsideItsSteps() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp net = net(nd);
            NDArray data = points(nd, 5, 32);
            List<Boolean> training = Collections.synchronizedList(new ArrayList<>());
            List<Boolean> validation = Collections.synchronizedList(new ArrayList<>());
            Objective mse = (batch, train, random) -> {
                (train ? training : validation).add(JniUtils.isGradMode());
                return new LossTerms().add("mse", forward(net, batch, train).sub(batch).square().mean());
            };
            boolean after = onNewThread(() -> {
                Fitter.fit(data, mse, List.of(ParameterGroup.adam("net", net, 1e-2, 0)),
                        new TrainingSchedule(2, 8, 3, 0.25, 5), report -> { });
                return JniUtils.isGradMode();
            });
            assertFalse(training.isEmpty());
            assertFalse(validation.isEmpty());
            assertFalse(training.contains(false), "training steps record");
            assertFalse(validation.contains(true), "validation records nothing");
            assertTrue(after, "the caller's grad mode is restored");
        }
    }

    @Test
    void scopesNestAndStayOnTheirThread() throws Exception {
        boolean[] modes = onNewThread(() -> {
            boolean[] seen = new boolean[3];
            try (NoGrad outer = NoGrad.enter()) {
                try (NoGrad inner = NoGrad.enter()) {
                    seen[0] = JniUtils.isGradMode();
                }
                seen[1] = JniUtils.isGradMode();
            }
            seen[2] = JniUtils.isGradMode();
            return seen;
        });
        assertFalse(modes[0]);
        assertFalse(modes[1], "closing the inner scope keeps the outer one's state");
        assertTrue(modes[2]);
        try (NDManager nd = NDManager.newBaseManager()) {
            NoGrad scope = NoGrad.enter();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> onNewThreadClose(scope));
            assertTrue(e.getMessage().contains("must be closed there"), e.getMessage());
            scope.close();
        }
    }

    private static void onNewThreadClose(NoGrad scope) throws Exception {
        try {
            onNewThread(() -> {
                scope.close();
                return null;
            });
        } catch (java.util.concurrent.ExecutionException e) {
            throw (IllegalStateException) e.getCause();
        }
    }
}
