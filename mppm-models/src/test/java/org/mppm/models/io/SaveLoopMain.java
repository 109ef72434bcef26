package org.mppm.models.io;

import java.nio.file.Path;

/**
 * Test helper run in a child JVM: saves {@link TinyModel}s with values 1 and 2 in turn into
 * {@code args[0]} until killed, printing "ready" once the engine is up.
 */
public final class SaveLoopMain {
    private SaveLoopMain() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        try (var manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            TinyModel.block(manager, 3, 0); // loads the engine before the first save
        }
        System.out.println("ready");
        System.out.flush();
        for (int i = 0;; i++) {
            TinyModel.save(dir, 3, 1 + i % 2);
        }
    }
}
