package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helper: the {@code {degradation: {method: {"ssim", "fid"}}}} layout of a restoration command's results.json. */
final class RestorationTable {
    private RestorationTable() {}

    /**
     * Asserts that {@code results} has exactly these degradation keys, in order, each with the methods dae, ldm and
     * lmppm, each with an SSIM in (-1, 1] and a FID >= 0.
     */
    static void assertLayout(Path results, List<String> degradations) throws IOException {
        JsonObject r = JsonParser.parseString(Files.readString(results)).getAsJsonObject();
        assertEquals(degradations, List.copyOf(r.keySet()));
        for (String degradation : r.keySet()) {
            JsonObject row = r.getAsJsonObject(degradation);
            assertEquals(List.of("dae", "ldm", "lmppm"), List.copyOf(row.keySet()));
            for (String method : row.keySet()) {
                double ssim = row.getAsJsonObject(method).get("ssim").getAsDouble();
                double fid = row.getAsJsonObject(method).get("fid").getAsDouble();
                assertTrue(ssim > -1 && ssim <= 1 && fid >= 0, degradation + "/" + method + ": " + ssim + ", " + fid);
            }
        }
    }
}
