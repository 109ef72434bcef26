package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.models.nn.ConvTranspose2d;

class BenchCommandTest {
    /** The fields every line starts with, then {@code fields}. */
    private static List<String> header(String... fields) {
        List<String> out = new java.util.ArrayList<>(List.of("part", "threads", "sgemmGflops", "chunkThreads", "allocator", "mallocArenas",
                "hugePages", "nativeKernels", "torchScriptForms"));
        out.addAll(List.of(fields));
        return out;
    }

    private String[] run(String... args) {
        return CliRun.of(args).asArray();
    }

    @Test
    void convTransposePartPrintsOneJsonLineWithEveryFormAndTheAutoencoder() {
        String[] r = run("bench", "--part", "convtranspose", "--warmup", "0", "--iterations", "1", "--batch", "4");
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(1, lines.length, r[1]);
        JsonObject json = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals(header("zeroInsertion", "subPixel", "engine", "fold", "engineGemm", "auto", "autoencoder"),
                List.copyOf(json.keySet()));
        for (String form : List.of("zeroInsertion", "subPixel", "engine", "fold", "engineGemm", "auto")) {
            JsonObject rates = json.getAsJsonObject(form);
            assertTrue(rates.get("forwardPerSec").getAsDouble() > 0 && rates.get("trainPerSec").getAsDouble() > 0, lines[0]);
        }
        assertTrue(json.getAsJsonObject("autoencoder").get("trainSamplesPerSec").getAsDouble() > 0, lines[0]);
    }

    /** Runs one part cheaply (no warm-up, one timed run, batch 8) and returns its only line, checked for the roofline. */
    private static JsonObject cheap(String part, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--part", part, "--warmup", "0", "--iterations", "1", "--batch", "8"));
        args.addAll(List.of(more));
        String[] r = CliRun.of(args.toArray(String[]::new)).asArray();
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(1, lines.length, r[1]);
        JsonObject json = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals(part, json.get("part").getAsString(), lines[0]);
        // surefire starts the engine with -Dai.djl.pytorch.num_threads=1 (the parent pom)
        assertEquals(Integer.getInteger("ai.djl.pytorch.num_threads", 1), json.get("threads").getAsInt(), lines[0]);
        assertTrue(json.get("sgemmGflops").getAsDouble() > 0, lines[0]);
        return json;
    }

    private static void assertPositive(JsonObject json, String... keys) {
        for (String key : keys) {
            assertTrue(json.has(key) && json.get(key).getAsDouble() > 0, key + " in " + json);
        }
    }

    @Test
    void lmppmPartReportsTrainingBothRestorationsTheirFlopAndTheRoofline() {
        JsonObject json = cheap("lmppm");
        assertEquals(header("trainSamplesPerSec",
                "trainTwoPartsSamplesPerSec", "trainTwoFitsSamplesPerSec", "nearestScreening", "restoreImagesPerSec", "restore8kImagesPerSec",
                "restore8kPartsMs", "trainMflopPerSample", "restoreMflopPerImage",
                "restore8kMflopPerImage", "peakMemoryMiB", "twoFitsPeakMemoryMiB"), List.copyOf(json.keySet()));
        JsonObject parts = json.getAsJsonObject("restore8kPartsMs");
        assertEquals(List.of("encode", "decode", "kernelMean", "distanceGradient"), List.copyOf(parts.keySet()));
        assertPositive(parts, "encode", "decode", "kernelMean", "distanceGradient");
        assertPositive(json, "trainSamplesPerSec", "trainTwoPartsSamplesPerSec", "trainTwoFitsSamplesPerSec", "restoreImagesPerSec",
                "restore8kImagesPerSec", "peakMemoryMiB", "twoFitsPeakMemoryMiB");
        assertEquals(GaussianKernelDensity.nativeKernels(), json.get("nativeKernels").getAsString());
        assertEquals(ConvTranspose2d.torchScriptForms(), json.get("torchScriptForms").getAsString());
        try (ai.djl.ndarray.NDManager nd = ai.djl.ndarray.NDManager.newBaseManager();
                org.mppm.models.lmppm.NearestClean index = new org.mppm.models.lmppm.NearestClean(nd.ones(new ai.djl.ndarray.types.Shape(3, 2)))) {
            assertEquals(index.screening().name(), json.get("nearestScreening").getAsString());
        }
        // FlopCounts from the shapes (FlopCountsTest checks the sums)
        assertEquals(46.01, json.get("trainMflopPerSample").getAsDouble(), 1e-9);
        assertEquals(6.87, json.get("restoreMflopPerImage").getAsDouble(), 1e-9);
        assertEquals(13.78, json.get("restore8kMflopPerImage").getAsDouble(), 1e-9);
    }

    @Test
    void daeAndLdmPartsReportTheirRestorationRatesAndFlop() {
        JsonObject dae = cheap("dae");
        assertEquals(header("restoreImagesPerSec", "restoreMflopPerImage", "peakMemoryMiB"),
                List.copyOf(dae.keySet()));
        assertPositive(dae, "restoreImagesPerSec", "peakMemoryMiB");
        assertEquals(4.06, dae.get("restoreMflopPerImage").getAsDouble(), 1e-9);
        assertEquals(1, dae.get("chunkThreads").getAsInt());
        if (System.getenv("LD_PRELOAD") == null) {
            assertEquals("glibc", dae.get("allocator").getAsString());
        }
        assertEquals(org.mppm.core.MallocArenas.count(), dae.get("mallocArenas").getAsInt(), "this JVM's arenas");
        JsonObject parallel = cheap("dae", "--chunk-threads", "2");
        assertEquals(2, parallel.get("chunkThreads").getAsInt());
        assertPositive(parallel, "restoreImagesPerSec");
        JsonObject ldm = cheap("ldm");
        assertEquals(header("restoreImagesPerSec", "restoreMflopPerImage", "diffusionSteps",
                "startStep", "peakMemoryMiB"), List.copyOf(ldm.keySet()));
        assertPositive(ldm, "restoreImagesPerSec", "peakMemoryMiB");
        // the MNIST recipe's T and default start step
        assertEquals(2000, ldm.get("diffusionSteps").getAsInt());
        assertEquals(200, ldm.get("startStep").getAsInt());
        assertEquals(132.32, ldm.get("restoreMflopPerImage").getAsDouble(), 1e-9);
    }

    @Test
    void sgemmPartMeasuresTheRooflineOnce() {
        JsonObject json = cheap("sgemm");
        assertEquals(header("sgemmSize"), List.copyOf(json.keySet()));
        assertEquals(1024, json.get("sgemmSize").getAsInt());
    }

    @Test
    void unknownPartsAndBadSettingsAreRejected() {
        String[] r = run("bench", "--part", "nope");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("nope") && r[2].contains("convtranspose"), r[2]);
        r = run("bench", "--part", "convtranspose", "--iterations", "0");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--iterations must be an integer >= 1, got 0"), r[2]);
        r = run("bench", "--part", "dae", "--chunk-threads", "0");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--chunk-threads"), r[2]);
    }
}
