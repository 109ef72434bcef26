package org.mppm.examples.smoothing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.examples.Main;
import org.mppm.examples.MarkdownColumns;

/** A small smoothing-circle run: the results' shape, the figure, and the U-shape's left arm. */
class SmoothingCircleCommandTest {

    @Test
    void writesTheNllCurveAndTheFigure(@TempDir Path out) throws Exception {
        int code = Main.commandLine().execute("smoothing-circle", "--out", out.toString(), "--sigmas", "0.05,0.15",
                "--plot-sigmas", "0.15", "--test-points", "60", "--samples", "60", "--score-draws", "40",
                "--laplacian-draws", "60", "--steps", "50");
        assertEquals(0, code);
        JsonObject results = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        JsonArray sigmas = results.getAsJsonArray("sigmas");
        JsonArray nll = results.getAsJsonArray("nll");
        assertEquals(2, sigmas.size());
        assertEquals(2, nll.size());
        assertTrue(nll.get(0).getAsDouble() > nll.get(1).getAsDouble() + 0.5,
                "too little smoothing memorises the 12 points: " + nll);
        assertTrue(ImageIO.read(out.resolve("smoothing-circle.png").toFile()).getWidth() > 0);
        MarkdownColumns.assertOneFormatPerColumn(out.resolve("table.md"));
    }
}
