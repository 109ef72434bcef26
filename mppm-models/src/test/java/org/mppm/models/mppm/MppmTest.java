package org.mppm.models.mppm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.Projection;
import org.mppm.core.geometry.Sphere;
import org.mppm.models.dae.Dae;
import org.mppm.models.train.EpochReport;

/** One short fit on a half circle, shared by the tests (about fifteen seconds). */
class MppmTest {
    static NDManager nd;
    static NDArray clean;
    static Mppm model;
    static final List<EpochReport> REPORTS = new ArrayList<>();
    static final int EPOCHS = 200;

    @BeforeAll
    static void fit() {
        nd = NDManager.newBaseManager();
        Random random = new Random(1);
        double[][] p = new double[1100][];
        for (int i = 0; i < p.length; i++) {
            double t = Math.PI * random.nextDouble();
            p[i] = new double[] {Math.cos(t), Math.sin(t), 0};
        }
        clean = nd.create(p).toType(DataType.FLOAT32, false);
        // the circle's own latent size, no dropout in D: the set-up where D can be checked against the truth
        model = Mppm.builder().encoder(3, 64, 32, 16, 1).dropout(0).batchSize(128).trainingNoise(0.1).epochs(EPOCHS)
                .patience(EPOCHS).seed(17).listener(REPORTS::add).fit(clean);
    }

    @AfterAll
    static void close() {
        model.close();
        nd.close();
    }

    @Test
    void reportsEveryEpochWithEachLossTerm() {
        assertEquals(EPOCHS, REPORTS.size());
        assertEquals(List.of("boundary", "distance", "positivity", "reconstruct", "shift"),
                REPORTS.get(0).terms().keySet().stream().sorted().toList());
        assertTrue(REPORTS.get(EPOCHS - 1).validationLoss() < REPORTS.get(0).validationLoss() / 10, "the loss falls");
    }

    /** Near the circle (within 0.2 of it), the learned D is close to the true distance. */
    @Test
    void learnedDistanceIsCloseToTheTrueDistanceNearTheCircle() {
        Random random = new Random(2);
        double[][] x = new double[400][];
        for (int i = 0; i < x.length; i++) {
            double t = 0.3 + (Math.PI - 0.6) * random.nextDouble();
            double r = 1 + 0.2 * (2 * random.nextDouble() - 1);
            x[i] = new double[] {r * Math.cos(t), r * Math.sin(t), 0.1 * (2 * random.nextDouble() - 1)};
        }
        NDArray points = nd.create(x).toType(DataType.FLOAT32, false);
        double[] learned = model.distance().distance(points).toType(DataType.FLOAT64, false).toDoubleArray();
        double[] truth = Sphere.unitCircleXY().distance(points.toType(DataType.FLOAT64, false)).toDoubleArray();
        double meanAbs = 0;
        for (int i = 0; i < learned.length; i++) {
            meanAbs += Math.abs(learned[i] - truth[i]);
        }
        meanAbs /= learned.length;
        // the true distances here average about 0.12; the fit reaches a mean error of about 0.01
        assertTrue(meanAbs < 0.02, "mean |D_learned - D_true| = " + meanAbs);
    }

    @Test
    void restorationMovesNoisyPointsCloserToTheCircle() {
        Random random = new Random(3);
        double[][] x = new double[100][];
        for (int i = 0; i < x.length; i++) {
            double t = Math.PI * random.nextDouble();
            x[i] = new double[] {Math.cos(t) + 0.1 * random.nextGaussian(), Math.sin(t) + 0.1 * random.nextGaussian(),
                    0.1 * random.nextGaussian()};
        }
        NDArray noisy = nd.create(x).toType(DataType.FLOAT32, false);
        Sphere circle = Sphere.unitCircleXY();
        try (Projection p = model.restoration().build().project(noisy)) {
            double before = circle.distance(noisy.toType(DataType.FLOAT64, false)).mean().getDouble();
            double after = circle.distance(p.result().toType(DataType.FLOAT64, false)).mean().getDouble();
            assertTrue(after < before / 2, "mean distance " + before + " -> " + after);
        }
    }

    @Test
    void saveAndLoadGiveBitIdenticalRestorations(@TempDir Path dir) {
        NDArray noisy = nd.create(new float[][] {{1.1f, 0.2f, 0.05f}, {-0.3f, 0.8f, -0.1f}, {0.0f, 1.3f, 0.0f}});
        Path saved = dir.resolve("circle-mppm");
        model.save(saved);
        model.save(saved); // overwriting a saved model is safe
        try (Mppm loaded = Mppm.load(saved);
                Projection a = model.restoration().build().project(noisy);
                Projection b = loaded.restoration().build().project(noisy)) {
            assertTrue(a.result().contentEquals(b.result()));
            assertTrue(model.codes().contentEquals(loaded.codes()));
            assertEquals(model.config().schedule().seed(), loaded.config().schedule().seed());
        }
    }

    @Test
    void loadingAMissingTruncatedOrForeignDirectoryFailsClearly(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mppm.load(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("no saved model"), e.getMessage());

        Path saved = dir.resolve("m");
        model.save(saved);
        Path params;
        try (java.util.stream.Stream<Path> files = Files.list(saved)) {
            params = files.filter(f -> f.getFileName().toString().matches("distance\\.[0-9a-f]{16}\\.params")).findFirst()
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(IllegalArgumentException.class, () -> Mppm.load(saved));
        assertTrue(e.getMessage().contains(params.getFileName().toString()) && e.getMessage().contains("truncated"),
                e.getMessage());

        Files.delete(params);
        e = assertThrows(IllegalArgumentException.class, () -> Mppm.load(saved));
        assertTrue(e.getMessage().contains(params.getFileName() + " is missing"), e.getMessage());

        Path foreign = dir.resolve("dae");
        try (Dae dae = Dae.builder().epochs(2).seed(1).fit(clean)) {
            dae.save(foreign);
        }
        e = assertThrows(IllegalArgumentException.class, () -> Mppm.load(foreign));
        assertTrue(e.getMessage().contains("holds a 'dae' model, expected 'mppm'"), e.getMessage());

        Path junk = Files.createDirectories(dir.resolve("junk"));
        Files.writeString(junk.resolve("model.json"), "{ not json");
        e = assertThrows(IllegalArgumentException.class, () -> Mppm.load(junk));
        assertTrue(e.getMessage().contains("model.json"), e.getMessage());
    }

    @Test
    void theSameSeedTrainsTheSameModel() {
        NDArray small = clean.get("0:200");
        try (Mppm a = Mppm.builder().epochs(3).batchSize(64).seed(5).fit(small);
                Mppm b = Mppm.builder().epochs(3).batchSize(64).seed(5).fit(small)) {
            assertTrue(a.codes().contentEquals(b.codes()));
        }
    }

    @Test
    void rejectsBadTrainingData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mppm.builder().fit(nd.create(new float[][] {{1f, 2f}})));
        assertTrue(e.getMessage().contains("[B, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Mppm.builder().fit(nd.create(new float[][] {{1f, Float.NaN, 0f}, {0f, 0f, 0f}})));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Mppm.builder().trainingNoise(-1).config());
        assertTrue(e.getMessage().contains("trainingNoise"), e.getMessage());
    }

    /** Each part of the ablation is the restoration it names; a pull of weight 0 leaves the points where they are. */
    @Test
    void ablationRunsEachPartAloneOnTheSameModel() {
        try (NDManager m = nd.newSubManager()) {
            NDArray x = m.create(new float[][] {{1.2f, 0.3f, 0.1f}, {-0.5f, 0.6f, -0.2f}, {0f, 1.3f, 0f}});
            java.util.function.Function<NDArray, double[]> copy = r -> r.toType(DataType.FLOAT64, false).toDoubleArray();
            MppmAblation<double[]> a = MppmAblation.of(model, x, 0.15, 0, 1e-3, 60, copy);
            org.junit.jupiter.api.Assertions.assertArrayEquals(copy.apply(model.manifold().project(x)), a.autoencoder());
            try (org.mppm.core.Projection p = org.mppm.samplers.mppm.MppmProjector.builder().distance(model.distance())
                    .alpha(0.15).tolerance(1e-3, 60).build().project(x)) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(copy.apply(p.result()), a.descentOnly());
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(copy.apply(x), a.pullOnly(), 1e-7, "beta 0 does not move");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> MppmAblation.of(model, m.zeros(new ai.djl.ndarray.types.Shape(3)), 0.15, 0.1, 1e-3, 60, copy));
        }
    }
}
