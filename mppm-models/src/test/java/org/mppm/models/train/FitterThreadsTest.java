package org.mppm.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.SeededInitializer;
import org.mppm.models.nn.Stores;

/** Fits in several threads: other models' fits overlap, one model's fits queue, exclusive training runs alone. */
class FitterThreadsTest {
    private static final TrainingSchedule SCHEDULE = new TrainingSchedule(3, 16, 3, 0.25, 5);

    /** A small MLP regressing sin(3x) from x, with its data, initialised from {@code seed}. */
    private record Task(Mlp net, NDArray data, Objective mse) {
        static Task of(NDManager nd, long seed) {
            Mlp net = new Mlp(new int[] {1, 16, 1}, 0);
            SeededInitializer.initialize(net, nd, DataType.FLOAT32, new SeededNoise(seed), new Shape(1, 1));
            NDArray data = nd.linspace(-1f, 1f, 128).reshape(128, 1);
            Objective mse = (batch, training, random) -> new LossTerms().add("mse",
                    net.forward(Stores.direct(), new NDList(batch), training).singletonOrThrow().sub(batch.mul(3).sin()).square().mean());
            return new Task(net, data, mse);
        }

        Fitter.Result fit(TrainingListener listener) {
            return Fitter.fit(data, mse, List.of(ParameterGroup.adam("net", net, 1e-2, 0)), SCHEDULE, listener);
        }

        float[] weights() {
            List<Float> all = new ArrayList<>();
            net.getParameters().forEach(p -> {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    all.add(v);
                }
            });
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    /**
     * Each fit's first epoch waits until the other fit has finished an epoch too: only fits that
     * run at the same time get past it (under one lock for all fits the first would wait for
     * ever). Both then end with the bits they give alone.
     */
    @Test
    void fitsOfDifferentModelsRunAtTheSameTimeAndGiveTheirOwnBits() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            Task a = Task.of(nd, 1);
            Task b = Task.of(nd, 2);
            Task aAlone = Task.of(nd, 1);
            Task bAlone = Task.of(nd, 2);
            aAlone.fit(TrainingListener.NONE);
            bAlone.fit(TrainingListener.NONE);

            CountDownLatch aEpoch = new CountDownLatch(1);
            CountDownLatch bEpoch = new CountDownLatch(1);
            boolean[] met = new boolean[2];
            CompletableFuture<Fitter.Result> fa = CompletableFuture.supplyAsync(() -> a.fit(report -> {
                aEpoch.countDown();
                met[0] |= await(bEpoch, 60);
            }));
            CompletableFuture<Fitter.Result> fb = CompletableFuture.supplyAsync(() -> b.fit(report -> {
                bEpoch.countDown();
                met[1] |= await(aEpoch, 60);
            }));
            fa.get(5, TimeUnit.MINUTES);
            fb.get(5, TimeUnit.MINUTES);
            assertTrue(met[0] && met[1], "each fit saw the other one train while it was training");
            assertArrayEquals(aAlone.weights(), a.weights(), "fit a: the bits it gives alone");
            assertArrayEquals(bAlone.weights(), b.weights(), "fit b: the bits it gives alone");
        }
    }

    /** A second fit of the same model waits until the first is done: its epochs never interleave with the first's. */
    @Test
    void fitsOfOneModelQueue() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            Task task = Task.of(nd, 3);
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch firstStarted = new CountDownLatch(1);
            CountDownLatch secondEpoch = new CountDownLatch(1);
            boolean[] overlapped = new boolean[1];
            // the second fit has been started by the first's first epoch; give it the chance to run an epoch
            CompletableFuture<Fitter.Result> first = startFit(task, "first", events, firstStarted,
                    () -> overlapped[0] |= await(secondEpoch, 1));
            assertTrue(await(firstStarted, 60), "the first fit started");
            CompletableFuture<Fitter.Result> second = startFit(task, "second", events, secondEpoch, () -> { });
            first.get(5, TimeUnit.MINUTES);
            second.get(5, TimeUnit.MINUTES);
            assertFalse(overlapped[0], "no epoch of the second fit ran during the first");
            assertEquals(List.of("first 1", "first 2", "first 3", "second 1", "second 2", "second 3"), events);
        }
    }

    /** Exclusive training waits for the fits in flight, and a fit's own thread cannot start it. */
    @Test
    void exclusiveTrainingRunsAlone() throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            Task task = Task.of(nd, 4);
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch fitStarted = new CountDownLatch(1);
            CompletableFuture<Fitter.Result> fit = startFit(task, "fit", events, fitStarted, () -> {
                assertThrows(IllegalStateException.class, () -> Fitter.exclusive(() -> 0), "exclusive inside a fit");
                await(new CountDownLatch(1), 0.2);
            });
            assertTrue(await(fitStarted, 60), "the fit started");
            Fitter.exclusive(() -> events.add("exclusive"));
            fit.get(5, TimeUnit.MINUTES);
            assertEquals(List.of("fit 1", "fit 2", "fit 3", "exclusive"), events);
        }
    }

    /** Starts {@code task}'s fit on another thread; each epoch logs "NAME epoch", counts {@code epoch} down, then runs {@code during}. */
    private static CompletableFuture<Fitter.Result> startFit(Task task, String name, List<String> events, CountDownLatch epoch,
            Runnable during) {
        return CompletableFuture.supplyAsync(() -> task.fit(report -> {
            events.add(name + " " + report.epoch());
            epoch.countDown();
            during.run();
        }));
    }

    private static boolean await(CountDownLatch latch, double seconds) {
        try {
            return latch.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
