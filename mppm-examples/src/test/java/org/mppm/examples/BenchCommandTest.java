package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private String[] run(String... args) {
        return CliRun.of(args).asArray();
    }

    @Test
    void convTransposePartPrintsOneJsonLineWithBothFormsAndTheAutoencoder() {
        String[] r = run("bench", "--part", "convtranspose", "--warmup", "0", "--iterations", "1", "--batch", "4");
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(1, lines.length, r[1]);
        JsonObject json = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals(List.of("zeroInsertion", "subPixel", "autoencoder"), List.copyOf(json.keySet()));
        for (String form : List.of("zeroInsertion", "subPixel")) {
            JsonObject rates = json.getAsJsonObject(form);
            assertTrue(rates.get("forwardPerSec").getAsDouble() > 0 && rates.get("trainPerSec").getAsDouble() > 0, lines[0]);
        }
        assertTrue(json.getAsJsonObject("autoencoder").get("trainSamplesPerSec").getAsDouble() > 0, lines[0]);
    }

    @Test
    void unknownPartsAndBadSettingsAreRejected() {
        String[] r = run("bench", "--part", "nope");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("nope") && r[2].contains("convtranspose"), r[2]);
        r = run("bench", "--part", "convtranspose", "--iterations", "0");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--iterations must be an integer >= 1, got 0"), r[2]);
    }
}
