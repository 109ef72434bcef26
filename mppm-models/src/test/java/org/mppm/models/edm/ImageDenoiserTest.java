package org.mppm.models.edm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.SeededNoise;
import org.mppm.core.edm.EdmPreconditioning;
import org.mppm.models.io.ManifestEdits;
import org.mppm.samplers.edm.EdmSampler;
import org.mppm.samplers.edm.MadStep;

/** A tiny U-Net denoiser trained briefly on two 8x8 bar images. */
class ImageDenoiserTest {
    private static final ImageDenoiserConfig CONFIG = ImageDenoiserConfig.builder().size(8, 8).baseWidth(8).depth(1).build();
    private static NDManager manager;
    private static ImageDenoiser trained;
    private static NDArray bars;
    private static double[] losses;

    @BeforeAll
    static void train() {
        manager = NDManager.newBaseManager();
        float[] v = new float[2 * 64];
        for (int i = 0; i < 8; i++) {
            v[3 * 8 + i] = 1; // image 0: a horizontal bar in row 3
            v[64 + i * 8 + 5] = 1; // image 1: a vertical bar in column 5
        }
        bars = manager.create(v, new Shape(2, 1, 8, 8));
        trained = ImageDenoiser.builder().config(CONFIG).seed(3)
                .training(FitConfig.builder().iterations(300).batchSize(16).learningRate(3e-3).seed(4).build()).fit(bars);
        losses = trained.trainingLosses();
    }

    @AfterAll
    static void release() {
        trained.close();
        manager.close();
    }

    @Test
    void trainingReducesTheLossAndDenoises() {
        double early = 0;
        double late = 0;
        for (int i = 0; i < 30; i++) {
            early += losses[i] / 30;
            late += losses[losses.length - 1 - i] / 30;
        }
        System.out.printf("U-Net EDM loss: first 30 iterations %.3f, last 30 %.3f%n", early, late);
        assertTrue(late < 0.7 * early, "loss " + early + " -> " + late);
        NDArray noise = SeededNoise.normal(manager, new Shape(2, 1, 8, 8), DataType.FLOAT32, 8).mul(0.3);
        NDArray noisy = bars.add(noise);
        NDArray denoised = trained.denoise(noisy, 0.3);
        assertEquals(new Shape(2, 1, 8, 8), denoised.getShape());
        float before = noisy.sub(bars).norm().getFloat();
        float after = denoised.sub(bars).norm().getFloat();
        System.out.printf("U-Net at sigma 0.3: error %.3f -> %.3f%n", before, after);
        assertTrue(after < 0.6 * before);
    }

    @Test
    void saveAndLoadGiveTheSameOutputs(@TempDir Path dir) {
        trained.save(dir.resolve("unet"));
        NDArray x = SeededNoise.normal(manager, new Shape(3, 1, 8, 8), DataType.FLOAT32, 1);
        try (ImageDenoiser loaded = ImageDenoiser.load(dir.resolve("unet"))) {
            assertEquals(CONFIG, loaded.config());
            assertTrue(trained.denoise(x, 0.8).contentEquals(loaded.denoise(x, 0.8)));
        }
        assertThrows(IllegalArgumentException.class, () -> PointDenoiser.load(dir.resolve("unet")),
                "a saved image denoiser is not a point denoiser");
    }

    @Test
    void modelsSavedBeforeTheNoiseEmbeddingLoadWithTheirOwnArchitecture(@TempDir Path dir) throws IOException {
        ImageDenoiserConfig legacy = ImageDenoiserConfig.builder().size(8, 8).baseWidth(8).depth(1).noiseEmbedding(0).build();
        NDArray x = SeededNoise.normal(manager, new Shape(2, 1, 8, 8), DataType.FLOAT32, 6);
        try (ImageDenoiser old = ImageDenoiser.builder().config(legacy).seed(3).untrained()) {
            old.save(dir.resolve("old"));
            // a configuration written before the field existed
            rewriteConfig(dir.resolve("old"), config -> config.remove("noiseEmbedding"));
            try (ImageDenoiser loaded = ImageDenoiser.load(dir.resolve("old"))) {
                assertEquals(legacy, loaded.config());
                assertTrue(!loaded.config().embedsNoise());
                assertTrue(old.denoise(x, 0.4).contentEquals(loaded.denoise(x, 0.4)));
            }
        }
        // parameters of the embedded network under a configuration claiming the old one: a clear error
        trained.save(dir.resolve("new"));
        rewriteConfig(dir.resolve("new"), config -> config.addProperty("noiseEmbedding", 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageDenoiser.load(dir.resolve("new")));
        assertTrue(e.getMessage().contains("does the configuration match the architecture"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageDenoiserConfig.builder().size(8, 8).baseWidth(8).depth(1).noiseEmbedding(-1).build());
    }

    @Test
    void theDenoiserDependsOnTheLevelThroughTheEmbedding() {
        // F alone (c_out and c_skip removed) at two levels, same network input c_in x: differs only through c_noise
        assertEquals(32, CONFIG.noiseEmbedding(), "default embedding width 4 x base width");
        EdmPreconditioning p = new EdmPreconditioning(0.5);
        NDArray input = SeededNoise.normal(manager, new Shape(1, 1, 8, 8), DataType.FLOAT32, 9);
        double[] levels = {0.05, 2};
        float[][] f = new float[2][];
        for (int i = 0; i < 2; i++) {
            double s = levels[i];
            NDArray x = input.div(manager.create((float) p.cIn(s)));
            NDArray d = trained.denoise(x, s);
            f[i] = d.sub(x.mul(manager.create((float) p.cSkip(s)))).div(manager.create((float) p.cOut(s))).toFloatArray();
        }
        double diff = 0;
        double norm = 0;
        for (int j = 0; j < f[0].length; j++) {
            diff += (f[0][j] - f[1][j]) * (f[0][j] - f[1][j]);
            norm += f[0][j] * f[0][j];
        }
        assertTrue(Math.sqrt(diff) > 0.05 * Math.sqrt(norm), "F at two levels: |difference| " + Math.sqrt(diff)
                + ", |F| " + Math.sqrt(norm));
    }

    /** Edits a saved configuration as if it had been saved so (checksums recomputed). */
    private static void rewriteConfig(Path dir, Consumer<JsonObject> edit) throws IOException {
        ManifestEdits.editConfigAndReseal(dir, edit);
    }

    @Test
    void madSamplesImagesWithoutLeaking() {
        KarrasSchedule schedule = KarrasSchedule.edm(12);
        NDArray x0 = EdmSampler.initialNoise(manager, new Shape(4, 1, 8, 8), DataType.FLOAT32, schedule, 2);
        int before = manager.getManagedArrays().size();
        NDArray out = EdmSampler.builder().rule(MadStep.of(1.5, 1)).build().sample(trained, x0, schedule);
        assertEquals(before + 1, manager.getManagedArrays().size());
        assertEquals(new Shape(4, 1, 8, 8), out.getShape());
        assertTrue(!out.isNaN().any().getBoolean());
    }

    @Test
    void validationLossIsTheWeightedHeldOutError() {
        // D = 0 on images of constant 0.5: every level contributes lambda(s) * 64 * 0.25, whatever the noise
        double[] sigmas = {0.1, 1, 10};
        double expected = 0;
        for (double s : sigmas) {
            expected += (s * s + 0.25) / (s * s * 0.25) * 64 * 0.25 / sigmas.length;
        }
        NDArray half = manager.full(new Shape(3, 1, 8, 8), 0.5f);
        assertEquals(expected, EdmValidationLoss.of((x, s) -> x.zerosLike(), half, sigmas, 0.5, 1), 1e-3 * expected);
        double[] byLevel = EdmValidationLoss.byLevel((x, s) -> x.zerosLike(), half, sigmas, 0.5, 1);
        assertEquals(sigmas.length, byLevel.length);
        for (int k = 0; k < sigmas.length; k++) {
            double alone = (sigmas[k] * sigmas[k] + 0.25) / (sigmas[k] * sigmas[k] * 0.25) * 64 * 0.25;
            assertEquals(alone, byLevel[k], 1e-3 * alone, "level " + sigmas[k]);
        }
        assertEquals(EdmValidationLoss.of((x, s) -> x.zerosLike(), half, sigmas, 0.5, 1),
                java.util.Arrays.stream(byLevel).average().orElseThrow(), 1e-9 * expected, "the mean of the levels is the loss");
        // on the training images the trained denoiser beats the untrained one of the same seed
        double[] levels = {0.05, 0.2, 1};
        try (ImageDenoiser untrained = ImageDenoiser.builder().config(CONFIG).seed(3).untrained()) {
            double before = EdmValidationLoss.of(untrained, bars, levels, 0.5, 5);
            double after = EdmValidationLoss.of(trained, bars, levels, 0.5, 5);
            assertTrue(after < 0.5 * before, "held-out loss " + before + " -> " + after);
            assertEquals(after, EdmValidationLoss.of(trained, bars, levels, 0.5, 5), 0, "same seed, same loss");
        }
        assertThrows(IllegalArgumentException.class, () -> EdmValidationLoss.of(trained, bars, new double[0], 0.5, 1));
    }

    @Test
    void cosineDecayOfTheLearningRate() {
        FitConfig fixed = FitConfig.builder().learningRate(2e-3).build();
        assertEquals(2e-3, fixed.finalLearningRate(), 0);
        assertTrue(!fixed.decays());
        assertTrue(FitConfig.builder().learningRate(2e-3).finalLearningRate(0).build().decays());
        assertThrows(IllegalArgumentException.class,
                () -> FitConfig.builder().learningRate(1e-3).finalLearningRate(2e-3).build());
        FitConfig.Builder fit = FitConfig.builder().iterations(20).batchSize(4).learningRate(3e-3).seed(4);
        try (ImageDenoiser a = ImageDenoiser.builder().config(CONFIG).seed(3).training(fit.build()).fit(bars);
                ImageDenoiser b = ImageDenoiser.builder().config(CONFIG).seed(3).training(fit.finalLearningRate(0).build()).fit(bars)) {
            double[] constant = a.trainingLosses();
            double[] decayed = b.trainingLosses();
            assertEquals(constant[0], decayed[0], 0, "same first step (same data, full learning rate)");
            assertTrue(constant[19] != decayed[19], "the decayed run takes smaller later steps");
        }
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> trained.denoise(manager.zeros(new Shape(2, 1, 4, 4)), 1));
        assertThrows(IllegalArgumentException.class, () -> ImageDenoiserConfig.builder().size(6, 8).baseWidth(8).depth(2).build());
    }
}
