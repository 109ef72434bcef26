package org.mppm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test's {@code main} in a fresh JVM on this test's class path (one intra-op thread, offline),
 * for what only counts when a process starts: environment variables the engine or the C library
 * read once. The child prints {@code key value} lines; a child that fails fails the test with its
 * standard error.
 */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * Runs {@code main}'s {@code main(args)} in a fresh JVM whose environment is this one's without
     * the {@code removed} variables, plus {@code added}, and returns its printed {@code key value}
     * lines as a map.
     */
    static Map<String, String> run(Class<?> main, Iterable<String> removed, Map<String, String> added, String... args)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile("child-jvm-", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"),
                    main.getName());
            builder.command().addAll(List.of(args));
            builder.redirectError(err.toFile());
            removed.forEach(builder.environment()::remove);
            builder.environment().putAll(added);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            assertEquals(0, process.exitValue(), () -> "child JVM failed: " + readQuietly(err));
            Map<String, String> fields = new HashMap<>();
            out.strip().lines().map(l -> l.split(" ", 2)).forEach(kv -> fields.put(kv[0], kv.length > 1 ? kv[1] : ""));
            return fields;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
