package org.mppm.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves in a child JVM ({@link SaveLoopMain}, saving two models in turn) killed at thirteen
 * moments, while this JVM loads the same directory in a loop.
 */
class ModelDirectoryKillTest {
    private static final long[] KILL_AFTER_MILLIS = {0, 3, 7, 12, 20, 30, 45, 65, 90, 130, 180, 250, 1500};

    @Test
    void killedSavesLeaveALoadableModelAndConcurrentLoadsNeverReportCorruption(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model");
        TinyModel.save(target, 3, 0);
        SaveLoopMain.write(dir.resolve("payload-1"), TinyModel.payload(3, 1));
        SaveLoopMain.write(dir.resolve("payload-2"), TinyModel.payload(3, 2));
        List<String> failures = new ArrayList<>();
        Set<Float> seen = new TreeSet<>();
        int loads = 0;
        int killsWithLeftovers = 0;
        for (long delay : KILL_AFTER_MILLIS) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), SaveLoopMain.class.getName(), target.toString(),
                    dir.resolve("payload-1").toString(), dir.resolve("payload-2").toString())
                    .redirectError(dir.resolve("child-stderr.txt").toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (java.io.IOException e) {
                        return null;
                    }
                }).get(60, TimeUnit.SECONDS);
                assertEquals("ready", line, () -> "child did not start: " + stderr(dir));
                long killAt = System.nanoTime() + delay * 1_000_000L;
                do {
                    try {
                        seen.add(TinyModel.load(target));
                        loads++;
                    } catch (RuntimeException | AssertionError e) {
                        failures.add("load while saving: " + e);
                    }
                } while (System.nanoTime() < killAt);
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child killed");
            }
            if (Files.exists(target.resolve(ModelDirectory.JOURNAL_FILE)) || listing(target).stream()
                    .anyMatch(n -> n.startsWith(ModelDirectory.TEMP_PREFIX))) {
                killsWithLeftovers++;
            }
            try {
                seen.add(TinyModel.load(target));
            } catch (RuntimeException | AssertionError e) {
                failures.add("load after a kill " + delay + " ms into saving: " + e);
            }
        }
        TinyModel.save(target, 3, 2);
        System.out.printf("%d kills (%d left a save unfinished), %d loads during saves, values seen %s%n",
                KILL_AFTER_MILLIS.length, killsWithLeftovers, loads, seen);
        assertEquals(List.of(), failures);
        assertTrue(Set.of(0f, 1f, 2f).containsAll(seen), seen.toString());
        assertEquals(2f, TinyModel.load(target));
        List<String> expected = new ArrayList<>(ModelDirectoryTest.dataFiles(target));
        expected.addAll(List.of(ModelDirectory.LOCK_FILE, ModelDirectory.MANIFEST));
        assertEquals(expected.stream().sorted().toList(), listing(target), "nothing but the model is left");
    }

    private static List<String> listing(Path dir) throws java.io.IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String stderr(Path dir) {
        try {
            return Files.readString(dir.resolve("child-stderr.txt"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
