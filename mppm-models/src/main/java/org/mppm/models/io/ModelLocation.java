package org.mppm.models.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a model named on a command line or in a configuration is: a directory holding a saved
 * model ({@code model.json}) or {@code builtin:NAME}, a model shipped on the class path
 * ({@link SavedModels#locate(String)}), checked to hold a saved model before any work starts.
 */
public final class ModelLocation {
    private ModelLocation() {}

    /**
     * The model directory of {@code location}.
     *
     * @throws IllegalArgumentException naming the location if it is not a directory with a
     *                                  {@value ModelDirectory#MANIFEST} or names no built-in model
     */
    public static Path resolve(String location) {
        Objects.requireNonNull(location, "location");
        Path dir = SavedModels.locate(location);
        if (!Files.isRegularFile(dir.resolve(ModelDirectory.MANIFEST))) {
            throw new IllegalArgumentException("model '" + location + "' is not a saved model: "
                    + (Files.isDirectory(dir) ? "no " + ModelDirectory.MANIFEST + " in it" : "no such directory"));
        }
        return dir;
    }
}
