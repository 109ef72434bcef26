package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CircleExactCommandTest {

    @Test
    void writesResultsWhereEq12IsPulledTowardsTheModeAndEq11IsNot(@TempDir Path dir) throws Exception {
        int code = Main.commandLine().execute("circle-exact", "--out", dir.toString(), "--points", "16");
        assertEquals(0, code);
        JsonObject r = JsonParser.parseString(Files.readString(dir.resolve("results.json"))).getAsJsonObject();
        JsonObject eq11 = r.getAsJsonObject("eq11");
        JsonObject eq12 = r.getAsJsonObject("eq12");
        assertEquals(0, eq11.get("meanShiftTowardsMode").getAsDouble(), 1e-9, "Eq. 11 moves along the normal");
        assertTrue(eq12.get("meanShiftTowardsMode").getAsDouble() > 0.3, "Eq. 12 is pulled towards theta0");
        // Eq. 11 stops once alpha D < tol: D < tol / alpha
        assertTrue(eq11.get("meanDistance").getAsDouble() < 0.005 / 0.15);
        assertTrue(eq12.get("meanDistance").getAsDouble() < 0.05);
        assertTrue(Files.size(dir.resolve("trajectories.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("table.md")).contains("Eq. 12"));
        MarkdownColumns.assertOneFormatPerColumn(dir.resolve("table.md"));
        for (String written : new String[] {"results.json", "table.md", "trajectories.png"}) {
            MarkdownColumns.assertReadableLikeANewFile(dir.resolve(written));
        }
    }

    @Test
    void withoutArgumentsListsTheSubcommands() {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(out));
        cl.usage(new java.io.PrintWriter(out));
        assertTrue(out.toString().contains("circle-exact"));
    }
}
