package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run of the circle experiment: the results have the documented layout and sane values. */
class CircleCommandTest {

    @Test
    void writesTheDocumentedResults(@TempDir Path dir) throws Exception {
        int code = Main.commandLine().execute("circle", "--out", dir.toString(), "--seeds", "2", "--train", "600",
                "--test", "60", "--epochs", "15", "--quiet");
        assertEquals(0, code);
        JsonObject r = JsonParser.parseString(Files.readString(dir.resolve("results.json"))).getAsJsonObject();
        for (String method : new String[] {"dae", "mppm"}) {
            JsonObject m = r.getAsJsonObject(method);
            double mse = m.get("mse").getAsDouble();
            double max = m.get("maxError").getAsDouble();
            assertTrue(mse > 0 && mse <= max * max + 1e-12, method + ": MSE " + mse + ", max " + max);
        }
        JsonArray seeds = r.getAsJsonArray("seeds");
        assertEquals(2, seeds.size());
        assertEquals(7, seeds.get(0).getAsJsonObject().get("seed").getAsLong());
        assertEquals(8, seeds.get(1).getAsJsonObject().get("seed").getAsLong());
        assertEquals(r.getAsJsonObject("dae"), seeds.get(0).getAsJsonObject().getAsJsonObject("dae"), "top level = default seed");
        assertTrue(seeds.get(0).getAsJsonObject().has("mppmAblation"));
        assertEquals(6, seeds.get(0).getAsJsonObject().getAsJsonArray("daeByBin").size());
        assertTrue(Files.size(dir.resolve("restorations.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("table.md")).contains("MSE by angle bin"));
        MarkdownColumns.assertOneFormatPerColumn(dir.resolve("table.md"));
    }
}
