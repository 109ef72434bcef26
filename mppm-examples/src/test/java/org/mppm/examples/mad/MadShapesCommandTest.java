package org.mppm.examples.mad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.examples.Main;
import org.mppm.examples.MarkdownColumns;

/** The mad-shapes pipeline end to end at toy scale (the acceptance numbers need the default run). */
class MadShapesCommandTest {

    @Test
    void writesResultsTableAndFigure(@TempDir Path out) throws Exception {
        int code = Main.commandLine().execute("mad-shapes", "--out", out.toString(), "--size", "16", "--images", "40",
                "--iterations", "5", "--batch", "8", "--width", "4", "--samples", "3", "--steps", "4", "--lr-final", "0",
                "--p-mean", "-1.5", "--bump-width", "2");
        assertEquals(0, code);
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        for (String key : new String[] {"euler", "mad", "training"}) {
            double d = json.getAsJsonObject(key).get("meanDistance").getAsDouble();
            assertTrue(Double.isFinite(d) && d > 0, key + ": " + d);
        }
        double validation = json.get("validationLoss").getAsDouble();
        assertTrue(Double.isFinite(validation) && validation > 0, "held-out EDM loss " + validation);
        JsonObject settings = json.getAsJsonObject("settings");
        assertEquals(-1.5, settings.get("pMean").getAsDouble(), 0);
        assertEquals(2, settings.get("bumpWidth").getAsDouble(), 0);
        assertEquals(16, settings.get("noiseEmbedding").getAsInt(), "default embedding: 4 x width");
        double levels = 0;
        int count = 0;
        for (var level : json.getAsJsonArray("validationLossByLevel")) {
            levels += level.getAsJsonObject().get("loss").getAsDouble();
            count++;
        }
        assertEquals(validation, levels / count, 1e-4 * validation, "the held-out loss is the mean of its levels");
        assertTrue(Files.readString(out.resolve("table.md")).contains("MAD samples"));
        MarkdownColumns.assertOneFormatPerColumn(out.resolve("table.md"));
        assertTrue(ImageIO.read(out.resolve("samples.png").toFile()).getHeight() > 3 * 16);
    }

    @Test
    void theFirstVersionsUNetIsStillSelectable(@TempDir Path out) throws Exception {
        int code = Main.commandLine().execute("mad-shapes", "--out", out.toString(), "--size", "16", "--images", "20",
                "--iterations", "3", "--batch", "4", "--width", "4", "--samples", "2", "--steps", "3",
                "--noise-embedding", "0");
        assertEquals(0, code);
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        assertEquals(0, json.getAsJsonObject("settings").get("noiseEmbedding").getAsInt());
        assertTrue(Double.isFinite(json.getAsJsonObject("mad").get("meanDistance").getAsDouble()));
        assertTrue(Main.commandLine().execute("mad-shapes", "--out", out.toString(), "--noise-embedding", "-2") != 0,
                "a negative embedding width other than -1 is rejected");
    }
}
