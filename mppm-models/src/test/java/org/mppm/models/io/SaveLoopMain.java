package org.mppm.models.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test helper run in a child JVM: saves two {@link TinyModel}s (values 1 and 2, data files
 * serialised beforehand into folders {@code args[1]} and {@code args[2]}) in turn into
 * {@code args[0]} until killed, printing "ready" after the first save. It does not start the
 * engine, so it starts in a fraction of a second.
 */
public final class SaveLoopMain {
    private SaveLoopMain() {}

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        List<Map<String, byte[]>> payloads = List.of(read(Path.of(args[1])), read(Path.of(args[2])));
        for (int i = 0;; i++) {
            ModelDirectory.savePayload(target.toAbsolutePath(), TinyModel.KIND, 7, new TinyModel.Config(3, 1 + i % 2, 0.5),
                    payloads.get(i % 2));
            if (i == 0) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }

    private static Map<String, byte[]> read(Path dir) throws IOException {
        return Map.of("net.params", Files.readAllBytes(dir.resolve("net.params")),
                "codes.ndlist", Files.readAllBytes(dir.resolve("codes.ndlist")));
    }

    /** Writes a payload the way {@link #main} reads it. */
    static void write(Path dir, Map<String, byte[]> payload) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : payload.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }
}
