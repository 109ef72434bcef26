package org.mppm.examples.smoothing;

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

/** A small smoothing-curves run: the results' shape, the figure, and smoothed samples nearer the bean than KDE's. */
class SmoothingCurvesCommandTest {

    @Test
    void smoothedSamplesStayNearerTheCurveThanKde(@TempDir Path out) throws Exception {
        int code = Main.commandLine().execute("smoothing-curves", "--out", out.toString(), "--bean-sigmas", "0.12",
                "--wavy-sigmas", "0.1", "--samples", "100", "--score-draws", "30", "--steps", "40");
        assertEquals(0, code);
        JsonObject results = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        for (String curve : new String[] {"bean", "wavy"}) {
            JsonObject r = results.getAsJsonObject(curve);
            assertEquals(1, r.getAsJsonArray("sigmas").size());
            double smoothed = r.getAsJsonObject("smoothed").getAsJsonArray("curveDistance").get(0).getAsDouble();
            double kde = r.getAsJsonObject("kde").getAsJsonArray("curveDistance").get(0).getAsDouble();
            assertTrue(smoothed < kde, curve + ": smoothed " + smoothed + " vs KDE " + kde);
            assertTrue(r.getAsJsonObject("unsmoothed").get("dataDistance").getAsDouble() < 0.05, curve);
        }
        assertTrue(ImageIO.read(out.resolve("smoothing-curves.png").toFile()).getHeight() > 0);
        MarkdownColumns.assertOneFormatPerColumn(out.resolve("table.md"));
    }
}
