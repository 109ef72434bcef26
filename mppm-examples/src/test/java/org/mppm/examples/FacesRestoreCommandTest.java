package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.image.degrade.PaperDegradations;

/** A tiny faces-restore run (16 x 16 generated faces, one epoch): Table 2's result layout and reuse of trained models. */
class FacesRestoreCommandTest {
    static final List<String> KEYS = List.of("noise-0.2", "noise-0.25", "noise-0.3", "missing-0.04", "missing-0.08",
            "missing-0.1", "scribble-6", "scribble-13", "scribble-20", "sharpen-8", "sharpen-10", "sharpen-18");

    @Test
    void degradationKeysAreTheIssues() {
        assertEquals(KEYS, PaperDegradations.facesTable2().stream().map(d -> d.key()).toList());
    }

    @Test
    void writesTableTwoLayoutReusesTrainedModelsAndRestoresWithTheirChosenSettingsUnlessOverridden(@TempDir Path dir)
            throws Exception {
        Path models = dir.resolve("models");
        String[] args = {"faces-restore", "--out", dir.resolve("run").toString(), "--models", models.toString(), "--size", "16",
                "--widths", "4,8", "--latent", "8", "--count", "48", "--test", "12", "--epochs", "1", "--ldm-epochs", "1",
                "--quiet", "--save-images", dir.resolve("images").toString()};
        CliRun run = CliRun.of(args);
        assertEquals(0, run.code(), run.err());
        RestorationTable.assertLayout(dir.resolve("run/results.json"), KEYS);
        assertTrue(Files.exists(dir.resolve("run/grid-scribble-20.png")));
        MarkdownColumns.assertOneFormatPerColumn(dir.resolve("run/table.md"));
        assertTrue(Files.exists(dir.resolve("images/sharpen-18-lmppm.ndlist")));
        // by default every model restores with the settings its fit chose and saved
        JsonObject lmppm = config(models.resolve("lmppm"));
        JsonObject chosen = lmppm.getAsJsonObject("restoration");
        JsonObject ldm;
        try (var dirs = Files.list(models)) {
            ldm = config(dirs.filter(d -> d.getFileName().toString().startsWith("ldm-")).findFirst().orElseThrow());
        }
        JsonObject setup = json(dir.resolve("run/setup.json"));
        assertEquals(chosen.get("steps").getAsInt(), setup.get("steps").getAsInt());
        assertEquals(chosen.get("alpha").getAsDouble(), setup.get("alpha").getAsDouble(), 0);
        assertEquals(chosen.get("beta").getAsDouble(), setup.get("beta").getAsDouble(), 0);
        assertEquals(lmppm.get("kernelBandwidth").getAsDouble(), setup.get("sigmaKer").getAsDouble(), 0);
        assertEquals("STANDARDISED", setup.get("kernelMetric").getAsString());
        assertEquals(ldm.getAsJsonObject("restoration").get("startStep").getAsInt(), setup.get("ldmStart").getAsInt());
        assertTrue(!setup.get("skipsFollow").getAsBoolean());
        long trained = Files.getLastModifiedTime(models.resolve("lmppm/model.json")).toMillis();

        // a second run reuses the models it finds instead of training again; the options given replace those settings only
        String[] following = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--skips-follow", "--steps", "2", "--ldm-start", "5")).toArray(String[]::new);
        CliRun second = CliRun.of(following);
        assertEquals(0, second.code(), second.err());
        assertEquals(trained, Files.getLastModifiedTime(models.resolve("lmppm/model.json")).toMillis());
        setup = json(dir.resolve("run/setup.json"));
        assertTrue(setup.get("skipsFollow").getAsBoolean());
        assertEquals(2, setup.get("steps").getAsInt());
        assertEquals(5, setup.get("ldmStart").getAsInt());
        assertEquals(chosen.get("alpha").getAsDouble(), setup.get("alpha").getAsDouble(), 0);
        assertEquals(lmppm.get("kernelBandwidth").getAsDouble(), setup.get("sigmaKer").getAsDouble(), 0);
        JsonObject ablation = json(dir.resolve("run/ablation.json"));
        assertEquals(KEYS, List.copyOf(ablation.keySet()));
        for (String degradation : ablation.keySet()) {
            double change = ablation.getAsJsonObject(degradation).get("meanChange").getAsDouble();
            assertTrue(change > 0 && change < 1, degradation + ": Algorithm 2 changes G(F(x)) by " + change);
        }
    }

    private static JsonObject json(Path file) throws java.io.IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** The configuration a saved model directory's model.json records. */
    private static JsonObject config(Path modelDir) throws java.io.IOException {
        return json(modelDir.resolve("model.json")).getAsJsonObject("config");
    }

    @Test
    void aTestSetAsLargeAsTheDataIsRefused(@TempDir Path dir) {
        CliRun run = CliRun.of("faces-restore", "--out", dir.toString(), "--size", "16", "--widths", "4,8", "--latent", "8",
                "--count", "10", "--test", "10", "--quiet");
        assertTrue(run.code() != 0);
        assertTrue(run.err().contains("--test"), run.err());
    }
}
