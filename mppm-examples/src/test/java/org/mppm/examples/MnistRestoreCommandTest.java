package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny mnist-restore, mnist-generate and smoothing-latent runs (one epoch, 40 digits): the documented
 * result layouts, and reuse of trained models.
 */
class MnistRestoreCommandTest {

    @Test
    void writesTableOneLayoutAndReusesTrainedModels(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        String[] args = {"mnist-restore", "--out", dir.resolve("run").toString(), "--models", models.toString(), "--epochs",
                "1", "--ldm-epochs", "1", "--search-samples", "50", "--test", "40", "--quiet", "--save-images", dir.resolve("idx").toString()};
        assertEquals(0, Main.commandLine().execute(args));
        RestorationTable.assertLayout(dir.resolve("run/results.json"),
                List.of("noise-0.5", "noise-0.7", "elastic-2.3", "elastic-1.8", "downsample-0.5", "downsample-0.35"));
        assertTrue(Files.exists(dir.resolve("run/grid-noise-0.7.png")));
        MarkdownColumns.assertOneFormatPerColumn(dir.resolve("run/table.md"));
        MarkdownColumns.assertReadableLikeANewFile(dir.resolve("run/grid-noise-0.7.png"));
        JsonObject ablations = JsonParser.parseString(Files.readString(dir.resolve("run/ablation.json"))).getAsJsonObject();
        assertEquals(List.of("lmppmAutoencoder", "lmppmAuthorsRamp"), List.copyOf(ablations.getAsJsonObject("noise-0.5").keySet()));
        assertTrue(Files.exists(dir.resolve("idx/clean-images-idx3-ubyte.gz")));
        assertTrue(Files.exists(dir.resolve("idx/elastic-1.8-lmppm-images-idx3-ubyte.gz")));
        try (var dirs = Files.list(models)) {
            assertTrue(dirs.anyMatch(d -> d.getFileName().toString().startsWith("ldm-")),
                    "the LDM is cached under its DAE's key, never reused with another DAE");
        }
        assertFalse(Files.exists(models.resolve("fid-classifier.bin")), "the embedded digits are scored by the shipped classifier");
        long trained = Files.getLastModifiedTime(models.resolve("lmppm/model.json")).toMillis();
        // a second run reuses the models it finds instead of training again
        assertEquals(0, Main.commandLine().execute(args));
        assertEquals(trained, Files.getLastModifiedTime(models.resolve("lmppm/model.json")).toMillis());

        // mnist-generate shares the models: 50 digits from noise, their FID and class histogram
        assertEquals(0, Main.commandLine().execute("mnist-generate", "--out", dir.resolve("gen").toString(), "--models",
                models.toString(), "--epochs", "1", "--search-samples", "50", "--samples", "50", "--quiet"));
        JsonObject g = JsonParser.parseString(Files.readString(dir.resolve("gen/results.json"))).getAsJsonObject();
        assertTrue(g.get("fid").getAsDouble() >= 0);
        int total = 0;
        for (var count : g.getAsJsonArray("classHistogram")) {
            total += count.getAsInt();
        }
        assertEquals(10, g.getAsJsonArray("classHistogram").size());
        assertEquals(50, total);
        assertTrue(Files.exists(dir.resolve("gen/progression.png")));
        MarkdownColumns.assertOneFormatPerColumn(dir.resolve("gen/table.md"));
        assertEquals("latent", g.get("start").getAsString());
        for (String ablation : List.of("decodedStart", "pixelStart")) {
            JsonObject a = g.getAsJsonObject(ablation);
            assertTrue(a.get("fid").getAsDouble() >= 0, ablation);
            assertEquals(10, a.getAsJsonArray("classHistogram").size(), ablation);
        }
        assertEquals(trained, Files.getLastModifiedTime(models.resolve("lmppm/model.json")).toMillis());

        // smoothing-latent samples in the latent space of the same DAE (reused, not retrained)
        long dae = Files.getLastModifiedTime(models.resolve("dae/model.json")).toMillis();
        assertEquals(0, Main.commandLine().execute("smoothing-latent", "--out", dir.resolve("latent").toString(), "--models",
                models.toString(), "--epochs", "1", "--search-samples", "50", "--training", "20", "--samples", "40", "--score-draws", "20",
                "--steps", "30", "--sigmas", "0.5", "--kde-sigmas", "0.1", "--quiet"));
        assertEquals(dae, Files.getLastModifiedTime(models.resolve("dae/model.json")).toMillis());
        JsonObject l = JsonParser.parseString(Files.readString(dir.resolve("latent/results.json"))).getAsJsonObject();
        JsonObject samplers = l.getAsJsonObject("samplers");
        assertEquals(List.of("unsmoothed", "smoothed@0.5", "kde@0.1", "kde@0.5"), List.copyOf(samplers.keySet()));
        double memorised = samplers.getAsJsonObject("unsmoothed").get("trainingDistance").getAsDouble();
        assertTrue(memorised < 0.05, "the unsmoothed sampler returns training codes: " + memorised);
        assertTrue(samplers.getAsJsonObject("smoothed@0.5").get("trainingDistance").getAsDouble() > memorised);
        double agreement = samplers.getAsJsonObject("unsmoothed").get("classifierAgreement").getAsDouble();
        assertTrue(agreement >= 0 && agreement <= 1, "agreement " + agreement);
        assertTrue(l.getAsJsonObject("matchedKde").has("smoothed@0.5"));
        assertTrue(Files.exists(dir.resolve("latent/smoothing-latent.png")));
        MarkdownColumns.assertOneFormatPerColumn(dir.resolve("latent/table.md"));
    }
}
