package org.mppm.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.LabelledImages;
import org.mppm.models.data.MnistData;
import org.mppm.models.evaluation.RestorationResults;
import org.mppm.models.evaluation.Score;
import org.mppm.models.fid.FidClassifierConfig;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.io.SavedModels;
import org.mppm.models.lmppm.Lmppm;

class PretrainedTest {

    @Test
    void listsTheShippedModelsAsBuiltins() {
        assertEquals(List.of("mnist-dae", "mnist-lmppm"), Pretrained.list());
        assertEquals(List.of("mnist-dae", "mnist-lmppm"), SavedModels.builtinNames());
        assertEquals(List.of(Pretrained.MNIST_FID_CLASSIFIER), Pretrained.classifiers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist-dae", "mnist-lmppm", Pretrained.MNIST_FID_CLASSIFIER})
    void shippedFilesMatchTheirProvenanceChecksums(String name) throws IOException {
        JsonObject provenance = provenance(name);
        Map<String, String> files = Pretrained.files(name, Pretrained.provenance(name));
        boolean classifier = name.equals(Pretrained.MNIST_FID_CLASSIFIER);
        assertTrue(files.containsKey(classifier ? Pretrained.CLASSIFIER_FILE : "model.json"), "provenance lists the main file");
        for (Map.Entry<String, String> file : files.entrySet()) {
            try (InputStream in = Pretrained.class.getResourceAsStream(name + "/" + file.getKey())) {
                assertTrue(in != null, file.getKey() + " is shipped");
                assertEquals(file.getValue(), Pretrained.sha256(in.readAllBytes()), file.getKey());
            }
        }
        Path dir = Pretrained.path(name);
        for (Map.Entry<String, String> file : files.entrySet()) {
            assertEquals(file.getValue(), Pretrained.sha256(Files.readAllBytes(dir.resolve(file.getKey()))), file.getKey());
        }
        if (!classifier) {
            assertEquals(provenance.get("kind").getAsString(), SavedModels.kind(dir));
        }
        assertEquals(TrainBuiltins.SEED, provenance.get("seed").getAsLong());
    }

    @Test
    void theShippedFidClassifierHasTheDefaultsAndItsRecordedAccuracy() {
        JsonObject provenance = provenance(Pretrained.MNIST_FID_CLASSIFIER);
        LabelledImages test = MnistData.embedded().test();
        try (MnistClassifier classifier = Pretrained.mnistFidClassifier(); NDManager manager = NDManager.newBaseManager()) {
            assertEquals(FidClassifierConfig.defaults(), classifier.config());
            assertEquals(provenance.get("featureName").getAsString(), classifier.name());
            double accuracy = classifier.accuracy(test);
            assertEquals(provenance.getAsJsonObject("test").get("accuracy").getAsDouble(), accuracy, 0.0);
            assertTrue(accuracy > 0.97, "test accuracy " + accuracy);
            NDArray digits = test.head(16).images(manager);
            assertEquals(new Shape(16, FidClassifierConfig.defaults().embeddingSize()),
                    classifier.embed(digits).getShape());
        }
    }

    @Test
    void shippedModelsLoadThroughBuiltinLocationsAndPaths() {
        try (SavedModels.Opened lmppm = SavedModels.open("builtin:mnist-lmppm");
                SavedModels.Opened dae = SavedModels.open("builtin:mnist-dae")) {
            assertEquals(SavedModels.LMPPM, lmppm.kind());
            assertEquals(SavedModels.DAE, dae.kind());
            assertEquals(List.of(1L, 28L, 28L), List.of(lmppm.sampleShape().get(0), lmppm.sampleShape().get(1),
                    lmppm.sampleShape().get(2)));
        }
        assertEquals(Pretrained.path("mnist-lmppm"), SavedModels.locate("builtin:mnist-lmppm"));
        try (Lmppm lmppm = Lmppm.load(Pretrained.path("mnist-lmppm")); Dae dae = Dae.load(Pretrained.path("mnist-dae"))) {
            assertEquals(provenance("mnist-lmppm").getAsJsonObject("recipe").get("kernelBandwidth").getAsDouble(),
                    lmppm.config().kernelBandwidth());
            assertEquals(18, lmppm.autoencoder().latentDimension());
            assertEquals(18, dae.autoencoder().latentDimension());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist-dae", "mnist-lmppm"})
    void table1ScoresEqualTheRecordedOnes(String name) {
        JsonObject provenance = provenance(name);
        JsonObject recorded = provenance.has("table1TestSubset") ? provenance.getAsJsonObject("table1TestSubset")
                : provenance.getAsJsonObject("table1");
        assertEquals(Table1.TEST_SUBSET, recorded.get("testDigitCount").getAsInt());
        JsonObject scores = recorded.getAsJsonObject("scores");
        RestorationResults results;
        try (SavedModels.Opened model = SavedModels.open(SavedModels.BUILTIN + name)) {
            results = Table1.evaluate(model.restorer(), Table1.TEST_SUBSET);
        }
        assertEquals(List.of("noise-0.5", "noise-0.7", "elastic-34-2.3", "elastic-34-1.8", "downsample-0.5",
                "downsample-0.35"), results.degradations());
        assertEquals(Set.copyOf(results.degradations()), scores.keySet());
        for (String degradation : results.degradations()) {
            JsonObject row = scores.getAsJsonObject(degradation);
            assertScore(row.getAsJsonObject("degraded"), results.degraded(degradation), degradation + " degraded");
            assertScore(row.getAsJsonObject("restored"), results.score(degradation, Table1.METHOD), degradation + " restored");
            assertTrue(results.score(degradation, Table1.METHOD).ssim() > results.degraded(degradation).ssim() - 0.2,
                    degradation + ": the shipped model does not wreck the digits");
        }
    }

    @Test
    void anUnknownBuiltinFailsNamingTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SavedModels.open("builtin:mnist-vae"));
        assertEquals("no built-in model 'mnist-vae'; available: mnist-dae, mnist-lmppm", e.getMessage());
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> Pretrained.path("../mnist-dae"));
        assertEquals("no built-in model '../mnist-dae'; available: mnist-dae, mnist-lmppm, mnist-fid-classifier",
                direct.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SavedModels.open("builtin:" + Pretrained.MNIST_FID_CLASSIFIER),
                "the classifier is not a restoration model");
    }

    @Test
    void concurrentExtractionsAgreeAndLeaveOnlyTheModelBehind(@TempDir Path cache) throws Exception {
        Path foreign = Files.createDirectories(cache.resolve("pretrained")).resolve("user-notes.txt");
        Files.writeString(foreign, "not ours");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Path>> paths = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                paths.add(pool.submit(() -> Pretrained.path("mnist-dae", cache)));
            }
            Set<Path> distinct = new HashSet<>();
            for (Future<Path> p : paths) {
                distinct.add(p.get());
            }
            assertEquals(1, distinct.size(), "every caller gets the same directory");
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> list = Files.list(cache.resolve("pretrained"))) {
            List<String> names = list.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), "the model and the user's file, no temporary directories: " + names);
            assertTrue(names.get(0).startsWith("mnist-dae-"), names.toString());
        }
        assertEquals("not ours", Files.readString(foreign));
        Path dir = Pretrained.path("mnist-dae", cache);
        String key = Pretrained.sha256(Pretrained.provenance("mnist-dae").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("mnist-dae-" + key.substring(0, 16), dir.getFileName().toString());
        try (Dae dae = Dae.load(dir); NDManager manager = NDManager.newBaseManager()) {
            NDArray digits = Table1.testDigits(4).images(manager);
            assertEquals(digits.getShape(), dae.restore(digits).getShape());
        }
    }

    @Test
    void anAlteredExtractedModelIsReportedNotUsed(@TempDir Path cache) throws IOException {
        Path dir = Pretrained.path("mnist-dae", cache);
        Path manifest = dir.resolve("model.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"seed\"", "\"seed\" "));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Pretrained.path("mnist-dae", cache));
        assertTrue(e.getMessage().contains(dir + " was altered (model.json"), e.getMessage());
        assertTrue(Files.exists(manifest), "nothing is deleted");
    }

    @Test
    void anUnwritableCacheFailsNamingTheSetting(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> Pretrained.path("mnist-dae", file));
        assertTrue(e.getMessage().contains("-D" + Pretrained.CACHE_PROPERTY), e.getMessage());
        assertFalse(Files.isDirectory(file));
    }

    private static void assertScore(JsonObject recorded, Score actual, String what) {
        assertEquals(recorded.get("ssim").getAsDouble(), actual.ssim(), 1e-6, what + " SSIM");
        assertEquals(recorded.get("psnr").getAsDouble(), actual.psnr(), 1e-6, what + " PSNR");
    }

    private static JsonObject provenance(String name) {
        return JsonParser.parseString(Pretrained.provenance(name)).getAsJsonObject();
    }
}
