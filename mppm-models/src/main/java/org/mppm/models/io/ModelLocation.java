package org.mppm.models.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a model named on a command line or in a configuration is: today a directory holding a
 * saved model ({@code model.json}). The single place that turns a location into a directory, so
 * that other forms (models shipped on the classpath, {@code builtin:NAME}) are added here.
 */
public final class ModelLocation {
    private ModelLocation() {}

    /**
     * The model directory of {@code location}.
     *
     * @throws IllegalArgumentException naming the location if it is not a directory with a
     *                                  {@value ModelDirectory#MANIFEST}
     */
    public static Path resolve(String location) {
        Objects.requireNonNull(location, "location");
        if (location.startsWith("builtin:")) {
            throw new IllegalArgumentException("model '" + location + "': this build ships no built-in models;"
                    + " expected a directory holding a saved model (" + ModelDirectory.MANIFEST + ")");
        }
        Path dir = Path.of(location);
        if (!Files.isRegularFile(dir.resolve(ModelDirectory.MANIFEST))) {
            throw new IllegalArgumentException("model '" + location + "' is not a saved model: "
                    + (Files.isDirectory(dir) ? "no " + ModelDirectory.MANIFEST + " in it" : "no such directory"));
        }
        return dir;
    }
}
