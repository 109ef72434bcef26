package org.mppm.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    @Test
    void savesContentAddressedFilesAndLoadsThem(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("a/b/model");
        TinyModel.save(target, 3, 1);
        assertEquals(1f, TinyModel.load(target));
        JsonObject manifest = manifest(target);
        assertEquals(2, manifest.get("formatVersion").getAsInt());
        List<String> names = listing(target);
        String net = manifest.getAsJsonObject("files").getAsJsonObject("net.params").get("file").getAsString();
        String codes = manifest.getAsJsonObject("files").getAsJsonObject("codes.ndlist").get("file").getAsString();
        assertTrue(net.matches("net\\.[0-9a-f]{16}\\.params"), net);
        assertEquals(Stream.of(ModelDirectory.LOCK_FILE, ModelDirectory.MANIFEST, codes, net).sorted().toList(), names);
        assertTrue(manifest.get("manifestSha256").getAsString().matches("[0-9a-f]{64}"));
    }

    @Test
    void theManifestDoesNotDependOnTheOrderOfTheCallersMap(@TempDir Path dir) throws IOException {
        Map<String, byte[]> payload = TinyModel.payload(3, 1);
        List<String> keys = new ArrayList<>(new TreeMap<>(payload).keySet());
        Map<String, byte[]> forward = new LinkedHashMap<>();
        Map<String, byte[]> backward = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            forward.put(keys.get(i), payload.get(keys.get(i)));
            backward.put(keys.get(keys.size() - 1 - i), payload.get(keys.get(keys.size() - 1 - i)));
        }
        TinyModel.Config config = new TinyModel.Config(3, 1, 0.5);
        ModelDirectory.savePayload(dir.resolve("forward"), TinyModel.KIND, 7, config, forward);
        ModelDirectory.savePayload(dir.resolve("backward"), TinyModel.KIND, 7, config, backward);
        byte[] first = Files.readAllBytes(dir.resolve("forward").resolve(ModelDirectory.MANIFEST));
        assertEquals(new String(first, StandardCharsets.UTF_8),
                Files.readString(dir.resolve("backward").resolve(ModelDirectory.MANIFEST)));
        assertEquals(List.of("codes.ndlist", "net.params"), List.copyOf(manifest(dir.resolve("forward"))
                .getAsJsonObject("files").keySet()));
        assertEquals(1f, TinyModel.load(dir.resolve("backward")));
    }

    @Test
    void refusesToReplaceARegularFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "my notes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TinyModel.save(file, 3, 1));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a directory"), e.getMessage());
        assertEquals("my notes", Files.readString(file));
        assertEquals(List.of("notes.txt"), listing(dir));
    }

    @Test
    void refusesANonEmptyFolderThatIsNotAModelAndDeletesNothing(@TempDir Path dir) throws IOException {
        // a folder like a working directory: the user's files and a sub-folder with more of them
        Files.writeString(dir.resolve("thesis.tex"), "\\section{Intro}");
        Files.createDirectories(dir.resolve("data/raw"));
        Files.writeString(dir.resolve("data/raw/points.csv"), "1,2\n3,4\n");
        Files.writeString(dir.resolve("data/readme.md"), "data");
        Map<String, String> before = snapshot(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TinyModel.save(dir, 3, 1));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("not an mppm model"), e.getMessage());
        assertEquals(before, snapshot(dir));
        // the parent of other stuff, reached as "sub/.."
        e = assertThrows(IllegalArgumentException.class, () -> TinyModel.save(dir.resolve("data/raw/.."), 3, 1));
        assertTrue(e.getMessage().contains(dir.resolve("data").toString()), e.getMessage());
        assertEquals(before, snapshot(dir));
        // a foreign model.json is not ours either
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("model.json"), "{\"name\": \"someone else's\"}");
        e = assertThrows(IllegalArgumentException.class, () -> TinyModel.save(other, 3, 1));
        assertTrue(e.getMessage().contains("not an mppm model manifest"), e.getMessage());
        assertEquals("{\"name\": \"someone else's\"}", Files.readString(other.resolve("model.json")));
        assertEquals(List.of("model.json"), listing(other));
    }

    @Test
    void savesIntoAnEmptyFolder(@TempDir Path dir) {
        TinyModel.save(dir, 3, 2);
        assertEquals(2f, TinyModel.load(dir));
    }

    /** Overwriting removes the old model's files only: files the user put into the model folder stay. */
    @Test
    void overwritingRemovesTheOldModelsFilesAndKeepsTheUsers(@TempDir Path dir) throws IOException {
        TinyModel.save(dir, 3, 1);
        List<String> old = dataFiles(dir);
        Files.writeString(dir.resolve("NOTES.md"), "trained on run 7");
        TinyModel.save(dir, 5, 2);
        assertEquals(2f, TinyModel.load(dir));
        List<String> now = dataFiles(dir);
        for (String f : old) {
            assertFalse(Files.exists(dir.resolve(f)), f + " of the old model is gone");
        }
        List<String> expected = new ArrayList<>(now);
        expected.addAll(List.of(ModelDirectory.LOCK_FILE, "NOTES.md", ModelDirectory.MANIFEST));
        assertEquals(expected.stream().sorted().toList(), listing(dir));
        assertEquals("trained on run 7", Files.readString(dir.resolve("NOTES.md")));
    }

    @Test
    void anEditedConfigurationIsDetected(@TempDir Path dir) throws IOException {
        TinyModel.save(dir, 3, 1);
        ManifestEdits.editConfig(dir, c -> c.addProperty("bandwidth", 0.25));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TinyModel.load(dir));
        assertTrue(e.getMessage().contains("configuration, kind or seed was changed after saving")
                && e.getMessage().contains("model.json"), e.getMessage());
        // reformatting alone is harmless: 0.50 is 0.5
        TinyModel.save(dir, 3, 1);
        Path manifest = dir.resolve("model.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"bandwidth\": 0.5", "\"bandwidth\": 0.50")
                .replace("\n", " "));
        assertEquals(1f, TinyModel.load(dir));
        // the file list is covered too
        TinyModel.save(dir, 3, 1);
        JsonObject json = manifest(dir);
        json.getAsJsonObject("files").getAsJsonObject("net.params").addProperty("sha256", "0".repeat(64));
        Files.writeString(manifest, json.toString());
        e = assertThrows(IllegalArgumentException.class, () -> TinyModel.load(dir));
        assertTrue(e.getMessage().contains("manifestSha256"), e.getMessage());
    }

    @Test
    void aParameterOfAnotherShapeIsDetected(@TempDir Path dir) throws IOException {
        TinyModel.save(dir, 3, 1);
        ManifestEdits.editConfigAndReseal(dir, c -> c.addProperty("units", 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TinyModel.load(dir));
        assertTrue(e.getMessage().contains("parameter 'weight' of 'net' was saved with shape (3, 4), the configuration's"
                + " architecture expects (4, 4)"), e.getMessage());
        ModelDirectory.Contents contents = ModelDirectory.read(dir, TinyModel.KIND);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block uninitialised = Linear.builder().setUnits(3).build();
            IllegalStateException s = assertThrows(IllegalStateException.class,
                    () -> contents.loadBlock("net", uninitialised, manager));
            assertTrue(s.getMessage().contains("must be initialised"), s.getMessage());
        }
    }

    @Test
    void leftoversOfAKilledSaveGoAtTheNextLoadAndSave(@TempDir Path dir) throws IOException {
        TinyModel.save(dir, 3, 1);
        List<String> model = listing(dir);
        // what a save killed before its commit leaves: a journal, a data file it wrote, a temporary file
        String orphan = "net.0123456789abcdef.params";
        Files.writeString(dir.resolve(orphan), "half");
        Files.writeString(dir.resolve(ModelDirectory.TEMP_PREFIX + "x"), "half");
        List<String> pending = new ArrayList<>(dataFiles(dir));
        pending.remove(orphan);
        pending.add(orphan);
        Files.writeString(dir.resolve(ModelDirectory.JOURNAL_FILE),
                "{\"files\": [" + String.join(",", pending.stream().map(s -> "\"" + s + "\"").toList()) + "]}");
        Files.writeString(dir.resolve("net.fedcba9876543210.params"), "the user's, never listed");
        assertEquals(1f, TinyModel.load(dir));
        List<String> expected = new ArrayList<>(model);
        expected.add("net.fedcba9876543210.params");
        assertEquals(expected.stream().sorted().toList(), listing(dir));

        Files.writeString(dir.resolve(ModelDirectory.TEMP_PREFIX + "y"), "half");
        Files.writeString(dir.resolve(ModelDirectory.JOURNAL_FILE), "{\"files\": [\"" + orphan + "\"]}");
        Files.writeString(dir.resolve(orphan), "half");
        TinyModel.save(dir, 3, 1);
        assertEquals(expected.stream().sorted().toList(), listing(dir));
    }

    @Test
    void aForeignFileUnderTheNewModelsNameStopsTheSaveAndStays(@TempDir Path dir) throws IOException {
        Path probe = dir.resolve("probe");
        TinyModel.save(probe, 3, 2);
        String taken = dataFiles(probe).stream().filter(f -> f.endsWith(".params")).findFirst().orElseThrow();
        Path target = dir.resolve("model");
        TinyModel.save(target, 3, 1);
        Files.createDirectories(target.resolve(taken).resolve("inside"));
        Map<String, String> before = snapshot(target);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TinyModel.save(target, 3, 2));
        assertTrue(e.getMessage().contains(taken + " is there already"), e.getMessage());
        assertEquals(1f, TinyModel.load(target));
        assertEquals(before, snapshot(target));
    }

    @Test
    void aFolderHoldingOnlyAKilledFirstSaveIsStillEmpty(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(ModelDirectory.LOCK_FILE), "");
        Files.writeString(dir.resolve(ModelDirectory.JOURNAL_FILE), "{\"files\": [\"net.0123456789abcdef.params\"]}");
        Files.writeString(dir.resolve("net.0123456789abcdef.params"), "half");
        Files.writeString(dir.resolve(ModelDirectory.TEMP_PREFIX + "z"), "half");
        TinyModel.save(dir, 3, 1);
        assertEquals(1f, TinyModel.load(dir));
        assertEquals(4, listing(dir).size(), listing(dir).toString());
    }

    @Test
    void readsAndOverwritesVersionOneDirectories(@TempDir Path dir) throws IOException {
        Path v1 = Files.createDirectories(dir.resolve("v1"));
        byte[] params;
        byte[] codes;
        try (NDManager manager = NDManager.newBaseManager()) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
                TinyModel.block(manager, 3, 2).saveParameters(out);
            }
            params = bytes.toByteArray();
            codes = new NDList(manager.full(new Shape(2, 3), 2f)).encode();
        }
        Files.write(v1.resolve("net.params"), params);
        Files.write(v1.resolve("codes.ndlist"), codes);
        Files.writeString(v1.resolve("model.json"), "{\"format\": \"mppm-model\", \"formatVersion\": 1, \"kind\": \"tiny\","
                + " \"seed\": 7, \"config\": {\"units\": 3, \"value\": 2.0, \"bandwidth\": 0.5}, \"sha256\": {\"net.params\": \""
                + sha256(params) + "\", \"codes.ndlist\": \"" + sha256(codes) + "\"}}");
        assertEquals(2f, TinyModel.load(v1));
        TinyModel.save(v1, 3, 1);
        assertEquals(1f, TinyModel.load(v1));
        assertFalse(Files.exists(v1.resolve("net.params")));
        assertFalse(Files.exists(v1.resolve("codes.ndlist")));
    }

    @Test
    void loadsWhileAnotherThreadSavesNeverSeeCorruption(@TempDir Path dir) throws Exception {
        TinyModel.save(dir, 3, 1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> saverFailed = new AtomicReference<>();
        AtomicInteger saves = new AtomicInteger();
        Thread saver = new Thread(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    TinyModel.save(dir, 3 + i % 2, 1 + i % 2);
                    saves.incrementAndGet();
                }
            } catch (Throwable t) {
                saverFailed.set(t);
            }
        });
        saver.start();
        int loads = 0;
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        // two seconds and at least 20 saves (at most 20 seconds on a busy machine)
        while (saverFailed.get() == null && System.nanoTime() - start < 20_000_000_000L
                && (System.nanoTime() - start < 2_000_000_000L || saves.get() < 20)) {
            try {
                TinyModel.load(dir);
                loads++;
            } catch (RuntimeException | AssertionError e) {
                failures.add(e.toString());
            }
        }
        stop.set(true);
        saver.join();
        System.out.printf("%d loads during %d saves in another thread%n", loads, saves.get());
        assertEquals(null, saverFailed.get());
        assertEquals(List.of(), failures);
        assertTrue(loads > 0 && saves.get() >= 20, loads + " loads, " + saves.get() + " saves");
        assertEquals(4, listing(dir).size(), listing(dir).toString());
    }

    @Test
    void concurrentSavesToOneDirectoryRunOneAfterAnother(@TempDir Path dir) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int value = t + 1;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        TinyModel.save(dir, 2 + value, value);
                    }
                } catch (Throwable e) {
                    failed.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failed);
        float value = TinyModel.load(dir);
        assertTrue(value >= 1 && value <= 4, "value " + value);
        assertEquals(4, listing(dir).size(), listing(dir).toString());
    }

    static JsonObject manifest(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("model.json"))).getAsJsonObject();
    }

    /** The data files the manifest in {@code dir} lists, sorted. */
    static List<String> dataFiles(Path dir) throws IOException {
        return manifest(dir).getAsJsonObject("files").entrySet().stream()
                .map(e -> e.getValue().getAsJsonObject().get("file").getAsString()).sorted().toList();
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every file and folder under {@code dir} with its content's SHA-256. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : sha256(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
