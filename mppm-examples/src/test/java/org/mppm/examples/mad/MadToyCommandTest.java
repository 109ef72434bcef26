package org.mppm.examples.mad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.examples.Main;
import org.mppm.examples.MarkdownColumns;

/** The mad-toy run and issue 6's acceptance on it. */
class MadToyCommandTest {

    @Test
    void acrossCollapsesWithMadAndNotWithEuler(@TempDir Path out) throws Exception {
        int code = Main.commandLine().execute("mad-toy", "--out", out.toString(), "--seed", "7", "--b", "1",
                "--samples", "1500", "--trajectories", "20");
        assertEquals(0, code);
        JsonArray rows = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject()
                .getAsJsonArray("rows");
        assertEquals(10, rows.size(), "5 families x (euler, mad b=1)");
        int checked = 0;
        for (JsonElement e : rows) {
            JsonObject r = e.getAsJsonObject();
            boolean mad = r.get("method").getAsString().equals("mad");
            double across = r.get("acrossVariance").getAsDouble();
            if (r.has("acrossStdRatio") && across <= 0.01) {
                double ratio = r.get("acrossStdRatio").getAsDouble();
                if (mad) {
                    assertTrue(ratio < 0.05, r + ": MAD must collapse the across std below 5%");
                } else {
                    assertEquals(1, ratio, 0.1, r + ": Euler keeps the across std within 10%");
                }
                checked++;
            }
            if (r.has("alongStdRatio") && r.get("alongVariance").getAsDouble() == 1) {
                double ratio = r.get("alongStdRatio").getAsDouble();
                if (mad) {
                    assertTrue(ratio >= 0.5, r + ": MAD keeps at least half the along std");
                } else {
                    assertEquals(1, ratio, 0.1, r + ": Euler keeps the along std within 10%");
                }
            }
        }
        assertTrue(checked >= 4, "thin families with across variance <= 0.01 were checked");
        assertTrue(Files.readString(out.resolve("table.md")).startsWith("| family | method |"));
        MarkdownColumns.assertOneFormatPerColumn(out.resolve("table.md"));
        assertTrue(ImageIO.read(out.resolve("trajectories-thin-0.01.png").toFile()).getWidth() > 0);
        assertTrue(Files.exists(out.resolve("trajectories-circle.png")));
    }
}
