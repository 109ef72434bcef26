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
    void writesTableTwoLayoutAndReusesTrainedModels(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        String[] args = {"faces-restore", "--out", dir.resolve("run").toString(), "--models", models.toString(), "--size", "16",
                "--widths", "4,8", "--latent", "8", "--count", "48", "--test", "12", "--epochs", "1", "--ldm-epochs", "1",
                "--steps", "2", "--ldm-start", "5", "--quiet", "--save-images", dir.resolve("images").toString()};
        CliRun run = CliRun.of(args);
        assertEquals(0, run.code(), run.err());
        RestorationTable.assertLayout(dir.resolve("run/results.json"), KEYS);
        assertTrue(Files.exists(dir.resolve("run/grid-scribble-20.png")));
        MarkdownColumns.assertOneFormatPerColumn(dir.resolve("run/table.md"));
        assertTrue(Files.exists(dir.resolve("images/sharpen-18-lmppm.ndlist")));
        long trained = Files.getLastModifiedTime(models.resolve("lmppm/model.json")).toMillis();
        // a second run reuses the models it finds instead of training again
        String[] following = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--skips-follow"))
                .toArray(String[]::new);
        CliRun second = CliRun.of(following);
        assertEquals(0, second.code(), second.err());
        assertEquals(trained, Files.getLastModifiedTime(models.resolve("lmppm/model.json")).toMillis());
        assertTrue(JsonParser.parseString(Files.readString(dir.resolve("run/setup.json"))).getAsJsonObject()
                .get("skipsFollow").getAsBoolean());
        JsonObject ablation = JsonParser.parseString(Files.readString(dir.resolve("run/ablation.json"))).getAsJsonObject();
        assertEquals(KEYS, List.copyOf(ablation.keySet()));
        for (String degradation : ablation.keySet()) {
            double change = ablation.getAsJsonObject(degradation).get("meanChange").getAsDouble();
            assertTrue(change > 0 && change < 1, degradation + ": Algorithm 2 changes G(F(x)) by " + change);
        }
    }

    @Test
    void aTestSetAsLargeAsTheDataIsRefused(@TempDir Path dir) {
        CliRun run = CliRun.of("faces-restore", "--out", dir.toString(), "--size", "16", "--widths", "4,8", "--latent", "8",
                "--count", "10", "--test", "10", "--quiet");
        assertTrue(run.code() != 0);
        assertTrue(run.err().contains("--test"), run.err());
    }
}
