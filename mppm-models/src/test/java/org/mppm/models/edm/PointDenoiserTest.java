package org.mppm.models.edm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.mixture.GaussianMixture;
import org.mppm.samplers.edm.EdmSampler;
import org.mppm.samplers.edm.MadStep;

/** Trains a small point denoiser on reference.md's 1-D Gaussian N(0.3, 0.25) once, then checks it. */
class PointDenoiserTest {
    private static final PointDenoiserConfig CONFIG = new PointDenoiserConfig(1, List.of(64, 64), 0.5);
    private static final FitConfig FIT = FitConfig.builder().iterations(1200).batchSize(256).learningRate(3e-3).seed(5).build();
    private static NDManager manager;
    private static PointDenoiser trained;
    private static double[] losses;

    @BeforeAll
    static void train() {
        manager = NDManager.newBaseManager();
        GaussianMixture data = GaussianMixture.builder().add(1, new double[] {0.3}, new double[][] {{0.25}}).build();
        trained = PointDenoiser.builder().config(CONFIG).seed(1).training(FIT).fit(data.sample(manager, 4096, DataType.FLOAT32, 2));
        losses = trained.trainingLosses();
    }

    @AfterAll
    static void release() {
        trained.close();
        manager.close();
    }

    @Test
    void learnsTheOptimalDenoiser() {
        double early = mean(losses, 0, 50);
        double late = mean(losses, losses.length - 100, losses.length);
        System.out.printf("EDM loss: first 50 iterations %.4f, last 100 %.4f%n", early, late);
        assertTrue(late < early, "the loss decreases");
        double[] xs = {-1, -0.5, 0, 0.3, 0.8, 1.5};
        NDArray x = manager.create(xs, new Shape(xs.length, 1));
        double worst = 0;
        for (double sigma : new double[] {0.1, 0.3, 1, 3}) {
            double[] got = trained.denoise(x, sigma).toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                double expected = 0.3 + 0.25 / (0.25 + sigma * sigma) * (xs[i] - 0.3);
                worst = Math.max(worst, Math.abs(got[i] - expected));
            }
        }
        System.out.printf("max |D_trained - D_optimal| over the grid: %.4f%n", worst);
        assertTrue(worst < 0.1, "trained denoiser within 0.1 of the optimal one, got " + worst);
    }

    @Test
    void saveAndLoadGiveTheSameOutputs(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model");
        trained.save(target);
        trained.save(target); // replacing an existing save works too
        assertTrue(Files.readString(target.resolve("model.json")).contains("\"formatVersion\": 2"));
        NDArray x = manager.create(new float[] {-2, 0.1f, 0.7f, 3}, new Shape(4, 1));
        try (PointDenoiser loaded = PointDenoiser.load(target)) {
            assertEquals(CONFIG, loaded.config());
            for (double sigma : new double[] {0.05, 1, 20}) {
                assertTrue(trained.denoise(x, sigma).contentEquals(loaded.denoise(x, sigma)));
            }
        }
    }

    @Test
    void sameSeedsSameNetwork() {
        GaussianMixture data = GaussianMixture.builder().addIsotropic(1, new double[] {0, 1}, 0.1).build();
        FitConfig shortFit = FitConfig.builder().iterations(20).batchSize(32).seed(9).build();
        NDArray points = data.sample(manager, 256, DataType.FLOAT32, 3);
        NDArray probe = manager.create(new float[] {0.5f, -0.5f}, new Shape(1, 2));
        try (PointDenoiser a = PointDenoiser.builder().config(PointDenoiserConfig.of(2)).seed(4).training(shortFit).fit(points);
                PointDenoiser b = PointDenoiser.builder().config(PointDenoiserConfig.of(2)).seed(4).training(shortFit).fit(points)) {
            assertTrue(a.denoise(probe, 0.7).contentEquals(b.denoise(probe, 0.7)));
        }
    }

    @Test
    void eulerAndMadRunOnTheTrainedNetwork() {
        KarrasSchedule schedule = KarrasSchedule.edm(30);
        NDArray x0 = EdmSampler.initialNoise(manager, new Shape(512, 1), DataType.FLOAT32, schedule, 3);
        int before = manager.getManagedArrays().size();
        NDArray euler = EdmSampler.euler().sample(trained, x0, schedule);
        NDArray mad = EdmSampler.builder().rule(MadStep.of(1.5, 1)).build().sample(trained, x0, schedule);
        assertEquals(before + 2, manager.getManagedArrays().size(), "only the two results are left");
        double eulerStd = std(euler.toType(DataType.FLOAT64, false).toDoubleArray());
        double madStd = std(mad.toType(DataType.FLOAT64, false).toDoubleArray());
        System.out.printf("trained N(0.3, 0.25): final std Euler %.3f, MAD %.3f (data 0.5)%n", eulerStd, madStd);
        assertEquals(0.5, eulerStd, 0.1);
        assertTrue(madStd < eulerStd, "MAD contracts");
    }

    @Test
    void rejectsBadInput() {
        NDArray wrong = manager.zeros(new Shape(3, 2));
        assertThrows(IllegalArgumentException.class, () -> trained.denoise(wrong, 1));
        assertThrows(IllegalArgumentException.class, () -> trained.denoise(manager.zeros(new Shape(3, 1)), 0));
        assertThrows(IllegalArgumentException.class, () -> new PointDenoiserConfig(1, List.of(), 0.5));
        assertThrows(IllegalArgumentException.class, () -> FitConfig.builder().iterations(0).build());
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    private static double std(double[] v) {
        double m = mean(v, 0, v.length);
        double ss = 0;
        for (double d : v) {
            ss += (d - m) * (d - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }
}
