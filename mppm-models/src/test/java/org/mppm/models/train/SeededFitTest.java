package org.mppm.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import ai.djl.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.models.dae.Dae;
import org.mppm.models.edm.FitConfig;
import org.mppm.models.edm.PointDenoiser;
import org.mppm.models.edm.PointDenoiserConfig;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.nn.ColourRamps;

/**
 * A fit's result depends on its configuration and seed only: fits started together in several
 * threads equal the same fits run one after another, bit for bit (every parameter and code), and
 * a thread drawing from (and reseeding) the engine's generator during a fit changes nothing.
 */
class SeededFitTest {

    /** Points on a circle in R^4. */
    private static NDArray circle(NDManager nd, int n) {
        Random random = new Random(1);
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * random.nextDouble();
            p[i] = new double[] {Math.cos(t), Math.sin(t), 0.5 * Math.cos(t), 0};
        }
        return nd.create(p).toType(DataType.FLOAT32, false);
    }

    private static void parameters(String prefix, Block block, Map<String, float[]> out) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(prefix + p.getKey(), p.getValue().getArray().toFloatArray());
        }
    }

    /** LMPPM, MLP autoencoder on points, D_S with dropout 0.2: every parameter and the codes. */
    static Map<String, float[]> lmppm(long seed) {
        try (NDManager nd = NDManager.newBaseManager();
                Lmppm m = Lmppm.builder().encoder(4, 16, 8, 2).distanceHidden(16, 8).trainingNoise(0.2).batchSize(32)
                        .epochs(3).patience(3).seed(seed).fit(circle(nd, 160))) {
            Map<String, float[]> out = new LinkedHashMap<>();
            parameters("autoencoder.", m.autoencoder().block(), out);
            parameters("distance.", m.distanceNetwork(), out);
            out.put("codes", m.codes().toFloatArray());
            return out;
        }
    }

    /** DAE, a small U-Net (ConvTranspose2d, batch norm, skip projections) with skip dropout 0.3, on images. */
    static Map<String, float[]> dae(long seed) {
        try (NDManager nd = NDManager.newBaseManager();
                Dae m = Dae.builder().autoencoder(AutoencoderSpec.unet(3, 16, 8, 4, 8)).skipDropout(0.3).trainingNoise(0.2)
                        .batchSize(16).epochs(2).patience(2).seed(seed).fit(ColourRamps.of(nd, 40, 3, 16, 5))) {
            Map<String, float[]> out = new LinkedHashMap<>();
            parameters("autoencoder.", m.autoencoder().block(), out);
            return out;
        }
    }

    /** MPPM on points (MLP autoencoder, D with dropout): every parameter and the codes. */
    static Map<String, float[]> mppm(long seed) {
        try (NDManager nd = NDManager.newBaseManager();
                Mppm m = Mppm.builder().encoder(4, 16, 8, 2).trainingNoise(0.1).batchSize(32).epochs(3).patience(3)
                        .seed(seed).fit(circle(nd, 160))) {
            Map<String, float[]> out = new LinkedHashMap<>();
            parameters("autoencoder.", m.autoencoder().block(), out);
            parameters("distance.", m.distanceNetwork(), out);
            out.put("codes", m.codes().toFloatArray());
            return out;
        }
    }

    private static void assertBitIdentical(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": the same parameters");
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), what + ": " + e.getKey());
        }
    }

    /** Runs the fits in threads of their own, released together; their results in order. */
    private static List<Map<String, float[]>> together(List<Callable<Map<String, float[]>>> fits) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(fits.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Map<String, float[]>>> futures = new ArrayList<>();
            for (Callable<Map<String, float[]>> fit : fits) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return fit.call();
                }));
            }
            start.countDown();
            List<Map<String, float[]>> results = new ArrayList<>();
            for (Future<Map<String, float[]>> f : futures) {
                results.add(f.get(5, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lmppmFitsStartedTogetherEqualSequentialFits() throws Exception {
        Map<String, float[]> first = lmppm(3);
        Map<String, float[]> other = lmppm(4);
        assertBitIdentical(first, lmppm(3), "the same seed twice");
        List<Map<String, float[]>> concurrent = together(List.of(() -> lmppm(3), () -> lmppm(3), () -> lmppm(4)));
        assertBitIdentical(first, concurrent.get(0), "thread 1");
        assertBitIdentical(first, concurrent.get(1), "thread 2");
        assertBitIdentical(other, concurrent.get(2), "thread 3, another seed");
        assertTrue(first.get("codes")[0] != other.get("codes")[0], "another seed gives another model");
    }

    @Test
    void daeFitsStartedTogetherEqualSequentialFits() throws Exception {
        Map<String, float[]> sequential = dae(5);
        assertBitIdentical(sequential, dae(5), "the same seed twice");
        for (Map<String, float[]> concurrent : together(List.of(() -> dae(5), () -> dae(5)))) {
            assertBitIdentical(sequential, concurrent, "a fit started together with another");
        }
    }

    @Test
    void mppmFitsStartedTogetherEqualSequentialFits() throws Exception {
        Map<String, float[]> sequential = mppm(6);
        for (Map<String, float[]> concurrent : together(List.of(() -> mppm(6), () -> mppm(6)))) {
            assertBitIdentical(sequential, concurrent, "a fit started together with another");
        }
    }

    /** An EDM point denoiser created and trained: its outputs on a fixed grid at two noise levels. */
    static Map<String, float[]> edm(long seed) {
        try (NDManager nd = NDManager.newBaseManager(); PointDenoiser d = PointDenoiser.builder().config(PointDenoiserConfig.of(2))
                .seed(seed).training(FitConfig.builder().iterations(30).batchSize(32).seed(seed).build())
                .fit(circle(nd, 160).get(":, 0:2"))) {
            NDArray grid = nd.linspace(-1.5f, 1.5f, 40).reshape(20, 2);
            Map<String, float[]> out = new LinkedHashMap<>();
            out.put("sigma 0.1", d.denoise(grid, 0.1).toFloatArray());
            out.put("sigma 1", d.denoise(grid, 1).toFloatArray());
            return out;
        }
    }

    @Test
    void edmFitsStartedTogetherEqualSequentialFits() throws Exception {
        Map<String, float[]> sequential = edm(8);
        for (Map<String, float[]> concurrent : together(List.of(() -> edm(8), () -> edm(8)))) {
            assertBitIdentical(sequential, concurrent, "an EDM fit started together with another");
        }
    }

    /** Models load onto the device the caller names; fits run on the data's device. */
    @Test
    void loadsOntoTheCallersDevice(@TempDir Path dir) {
        Device device = Engine.getInstance().defaultDevice();
        try (NDManager nd = NDManager.newBaseManager(device);
                Dae fitted = Dae.builder().encoder(4, 8, 2).batchSize(32).epochs(1).patience(1).fit(circle(nd, 64))) {
            fitted.save(dir.resolve("dae"));
            for (Pair<String, Parameter> p : fitted.autoencoder().block().getParameters()) {
                assertEquals(device, p.getValue().getArray().getDevice(), p.getKey());
            }
            try (Dae loaded = Dae.load(dir.resolve("dae"), device)) {
                for (Pair<String, Parameter> p : loaded.autoencoder().block().getParameters()) {
                    assertEquals(device, p.getValue().getArray().getDevice(), p.getKey());
                }
            }
        }
        try (NDManager nd = NDManager.newBaseManager(device); PointDenoiser d = PointDenoiser.builder().config(PointDenoiserConfig.of(2))
                .seed(1).training(FitConfig.builder().iterations(1).batchSize(4).build()).fit(nd.ones(new Shape(8, 2)))) {
            assertEquals(device, d.denoise(nd.zeros(new Shape(3, 2)), 0.5).getDevice());
            d.save(dir.resolve("edm"));
            try (PointDenoiser loaded = PointDenoiser.load(dir.resolve("edm"), device)) {
                assertEquals(device, loaded.denoise(nd.zeros(new Shape(3, 2)), 0.5).getDevice());
            }
        }
    }

    @Test
    void aThreadDrawingFromTheEngineGeneratorDoesNotChangeAFit() throws Exception {
        Map<String, float[]> alone = lmppm(7);
        Map<String, float[]> aloneDae = dae(7);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong draws = new AtomicLong();
        Thread noise = new Thread(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                while (!stop.get()) {
                    Engine.getInstance().setRandomSeed((int) draws.get());
                    m.randomNormal(new Shape(256)).close();
                    m.randomUniform(0, 1, new Shape(256)).close();
                    draws.incrementAndGet();
                }
            }
        });
        noise.start();
        try {
            Map<String, float[]> disturbed = lmppm(7);
            Map<String, float[]> disturbedDae = dae(7);
            assertBitIdentical(alone, disturbed, "LMPPM with engine draws in another thread");
            assertBitIdentical(aloneDae, disturbedDae, "DAE with engine draws in another thread");
        } finally {
            stop.set(true);
            noise.join();
        }
        assertTrue(draws.get() > 0, "the other thread drew");
    }
}
