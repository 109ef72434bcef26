package org.mppm.models.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.density.NeighbourBandwidth;
import org.mppm.core.density.StandardisedKernelDensity;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.LabelledImages;
import org.mppm.models.data.MnistData;
import org.mppm.models.edm.FitConfig;
import org.mppm.models.edm.ImageDenoiser;
import org.mppm.models.edm.ImageDenoiserConfig;
import org.mppm.models.edm.PointDenoiser;
import org.mppm.models.edm.PointDenoiserConfig;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.io.ManifestEdits;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.lmppm.KernelMetric;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.LmppmConfig;
import org.mppm.models.lmppm.LmppmRestoration;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.mppm.MppmRestoration;
import org.mppm.models.nn.AutoencoderSpec;

/**
 * One lifecycle for every trained model: fit a tiny model, save, load, and the loaded model's
 * restorer (sampler, denoiser, classifier) gives the saved model's bits with no extra setup.
 */
class SaveLoadRoundTripTest {
    private static NDManager nd;
    private static NDArray circle;
    private static NDArray digits;

    @BeforeAll
    static void data() {
        nd = NDManager.newBaseManager();
        Random random = new Random(3);
        float[] p = new float[64 * 4];
        for (int i = 0; i < 64; i++) {
            double t = 2 * Math.PI * random.nextDouble();
            p[4 * i] = (float) Math.cos(t);
            p[4 * i + 1] = (float) Math.sin(t);
            p[4 * i + 2] = (float) (0.5 * Math.cos(t));
        }
        circle = nd.create(p, new Shape(64, 4));
        digits = MnistData.embedded().train().head(32).images(nd);
    }

    @AfterAll
    static void release() {
        nd.close();
    }

    private static NDArray noisy(NDArray clean, int rows, float shift) {
        return clean.get("0:{}", rows).add(shift).clip(0, 1);
    }

    @Test
    void lmppmMlpRestoresTheSameAfterLoadAndKeepsItsPerplexityBandwidth(@TempDir Path dir) throws Exception {
        NDArray x = circle.get("0:12").add(0.1f);
        try (Lmppm model = Lmppm.builder().encoder(4, 8, 2).distanceHidden(8).batchSize(32).epochs(1).seed(3)
                .restorationSearch(null).fit(circle);
                NDArray standardised = StandardisedKernelDensity.standardise(model.codes())) {
            double expected = NeighbourBandwidth.forPerplexity(standardised, LmppmConfig.DEFAULT_KERNEL_PERPLEXITY,
                    LmppmConfig.KERNEL_RULE_QUERIES, 3);
            assertEquals(expected, model.config().kernelBandwidth(), 0, "sigma_ker from the codes by the perplexity rule");
            assertEquals(expected, model.kernel().bandwidth(), 0);
            model.save(dir.resolve("lmppm"));
            JsonObject saved = JsonParser.parseString(Files.readString(dir.resolve("lmppm/model.json"))).getAsJsonObject()
                    .getAsJsonObject("config");
            assertEquals(expected, saved.get("kernelBandwidth").getAsDouble(), 0, "model.json holds the value");
            NDArray original = model.restorer().restore(x);
            try (Lmppm loaded = Lmppm.load(dir.resolve("lmppm"))) {
                assertEquals(expected, loaded.kernel().bandwidth(), 0, "never recomputed");
                assertTrue(original.contentEquals(loaded.restorer().restore(x)), "bit-identical after load");
            }
            assertFalse(original.contentEquals(model.restoration().steps(2).build().restore(x)), "the steps matter");
        }
    }

    @Test
    void lmppmConvRestoresWithItsSavedSettingsAfterLoad(@TempDir Path dir) {
        LmppmRestoration settings = LmppmRestoration.DEFAULTS.withWeights(0.2, 0.05).withSteps(3).withReencodeEachStep(true);
        NDArray x = noisy(digits, 6, 0.2f);
        try (Lmppm model = Lmppm.builder().autoencoder(AutoencoderSpec.mnistCnn(4)).distanceHidden(8).batchSize(16)
                .epochs(1).seed(5).kernelBandwidth(0.7).restoration(settings).fit(digits)) {
            assertEquals(0.7, model.config().kernelBandwidth(), 0, "a set sigma_ker is kept");
            NDArray original = model.restorer().restore(x);
            assertEquals(new Shape(6, 1, 28, 28), original.getShape());
            NDArray byHand = model.restoration().alpha(0.2).beta(0.05).steps(3).reencodeEachStep(true).build().restore(x);
            assertTrue(original.contentEquals(byHand), "restorer() applies the saved settings");
            model.save(dir.resolve("lmppm"));
            try (Lmppm loaded = Lmppm.load(dir.resolve("lmppm"))) {
                assertEquals(settings, loaded.config().restoration());
                assertTrue(original.contentEquals(loaded.restorer().restore(x)), "bit-identical after load");
            }
        }
    }

    @Test
    void aDirectorySavedBeforeTheRestorationSettingsLoadsWithTheDefaults(@TempDir Path dir) throws Exception {
        NDArray x = circle.get("0:8").add(0.1f);
        try (Lmppm model = Lmppm.builder().encoder(4, 8, 2).distanceHidden(8).batchSize(32).epochs(1).seed(4)
                .kernelBandwidth(0.4).kernelMetric(KernelMetric.EUCLIDEAN).restorationSearch(null).fit(circle)) {
            model.save(dir.resolve("old"));
            ManifestEdits.editConfigAndReseal(dir.resolve("old"), c -> {
                c.remove("restoration");
                c.remove("kernelPerplexity");
                c.remove("kernelMetric");
                c.remove("restorationSearch");
            });
            try (Lmppm loaded = Lmppm.load(dir.resolve("old"))) {
                assertEquals(LmppmRestoration.DEFAULTS, loaded.config().restoration());
                assertEquals(KernelMetric.EUCLIDEAN, loaded.config().kernelMetric(), "a config saved before the metric");
                assertTrue(model.restorer().restore(x).contentEquals(loaded.restorer().restore(x)));
            }
        }
    }

    @Test
    void mppmRestoresTheSameAfterLoad(@TempDir Path dir) throws Exception {
        NDArray clean = circle.get(":, 0:3");
        NDArray x = clean.get("0:10").add(0.05f);
        try (Mppm model = Mppm.builder().encoder(3, 8, 2).distanceHidden(8).batchSize(32).epochs(1).patience(1).seed(2)
                .restoration(MppmRestoration.DEFAULTS.withWeights(0.2, 0.1).withStopping(0, 5)).fit(clean)) {
            NDArray original = model.restorer().restore(x);
            model.save(dir.resolve("mppm"));
            try (Mppm loaded = Mppm.load(dir.resolve("mppm"))) {
                assertEquals(model.config().restoration(), loaded.config().restoration());
                assertTrue(original.contentEquals(loaded.restorer().restore(x)), "bit-identical after load");
            }
            // a directory saved before the restoration settings existed: Table 9's
            ManifestEdits.editConfigAndReseal(dir.resolve("mppm"), c -> c.remove("restoration"));
            try (Mppm old = Mppm.load(dir.resolve("mppm"))) {
                assertEquals(MppmRestoration.DEFAULTS, old.config().restoration());
                assertTrue(model.restoration().alpha(0.15).beta(0.1).tolerance(0.005, 60).build().restore(x)
                        .contentEquals(old.restorer().restore(x)));
            }
        }
    }

    @Test
    void daeAndLdmRestoreTheSameAfterLoad(@TempDir Path dir) throws Exception {
        NDArray x = circle.get("0:10").add(0.1f);
        try (Dae dae = Dae.builder().encoder(4, 8, 2).batchSize(32).epochs(1).patience(1).seed(1).fit(circle);
                LatentDiffusion ldm = LatentDiffusion.builder().steps(50).hidden(16).timeEmbedding(8).batchSize(32).epochs(1)
                        .patience(1).seed(2).startStep(20).restorationSeed(9).fit(dae, circle)) {
            NDArray daeOriginal = dae.restorer().restore(x);
            NDArray ldmOriginal = ldm.restorer(dae).restore(x);
            assertEquals(20, ldm.restorer(dae).startStep());
            assertEquals(9, ldm.restorer(dae).seed());
            dae.save(dir.resolve("dae"));
            ldm.save(dir.resolve("ldm"));
            try (Dae loadedDae = Dae.load(dir.resolve("dae")); LatentDiffusion loadedLdm = LatentDiffusion.load(dir.resolve("ldm"))) {
                assertTrue(daeOriginal.contentEquals(loadedDae.restorer().restore(x)), "DAE bit-identical after load");
                assertTrue(ldmOriginal.contentEquals(loadedLdm.restorer(loadedDae).restore(x)), "LDM bit-identical after load");
            }
            // a directory saved before the restoration settings existed: t0 = min(200, T), seed 7
            ManifestEdits.editConfigAndReseal(dir.resolve("ldm"), c -> c.remove("restoration"));
            try (LatentDiffusion old = LatentDiffusion.load(dir.resolve("ldm"))) {
                assertEquals(50, old.restorer(dae).startStep());
                assertEquals(7, old.restorer(dae).seed());
            }
        }
    }

    @Test
    void edmDenoisersDenoiseTheSameAfterLoad(@TempDir Path dir) {
        NDArray points = circle.get(":, 0:2");
        NDArray bars8 = digits.get("0:8, :, 10:18, 10:18");
        try (PointDenoiser point = PointDenoiser.builder().config(PointDenoiserConfig.of(2)).seed(3)
                .training(FitConfig.builder().iterations(5).batchSize(16).seed(4).build()).fit(points);
                ImageDenoiser image = ImageDenoiser.builder()
                        .config(ImageDenoiserConfig.builder().size(8, 8).baseWidth(8).depth(1).build()).seed(3)
                        .training(FitConfig.builder().iterations(3).batchSize(4).seed(4).build()).fit(bars8)) {
            assertEquals(5, point.trainingLosses().length);
            point.save(dir.resolve("point"));
            image.save(dir.resolve("image"));
            try (PointDenoiser loadedPoint = PointDenoiser.load(dir.resolve("point"));
                    ImageDenoiser loadedImage = ImageDenoiser.load(dir.resolve("image"))) {
                assertTrue(point.denoise(points.get("0:6"), 0.5).contentEquals(loadedPoint.denoise(points.get("0:6"), 0.5)));
                assertTrue(image.denoise(bars8, 0.5).contentEquals(loadedImage.denoise(bars8, 0.5)));
            }
        }
    }

    @Test
    void theFidClassifierEmbedsTheSameAfterLoad(@TempDir Path dir) throws Exception {
        LabelledImages train = MnistData.embedded().train().head(64);
        Path file = dir.resolve("classifier.bin");
        try (MnistClassifier classifier = MnistClassifier.builder().epochs(1).batchSize(32).seed(3).fit(train)) {
            NDArray original = classifier.embed(digits);
            classifier.save(file);
            try (MnistClassifier loaded = MnistClassifier.load(file, nd.getDevice())) {
                assertTrue(original.contentEquals(loaded.embed(digits)), "bit-identical after load");
            }
        }
    }

    @Test
    void buildersRejectBadValuesAtFitNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lmppm.builder().encoder(4, 8, 2).kernelBandwidth(-1).fit(circle));
        assertTrue(e.getMessage().contains("kernelBandwidth"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Lmppm.builder().encoder(4, 8, 2).epochs(1).fit(circle.get("0:12")));
        assertTrue(e.getMessage().contains("kernelPerplexity") && e.getMessage().contains("kernelBandwidth"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LmppmRestoration.DEFAULTS.withWeights(0.6, 0.5));
        assertTrue(e.getMessage().contains("restoration alpha + beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LatentDiffusion.builder().steps(50).startStep(51).config(2));
        assertTrue(e.getMessage().contains("startStep"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> PointDenoiser.builder().fit(circle));
        assertTrue(s.getMessage().contains("config"), s.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MnistClassifier.builder().batchSize(0).config());
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        assertEquals(DataType.FLOAT32, circle.getDataType());
    }
}
