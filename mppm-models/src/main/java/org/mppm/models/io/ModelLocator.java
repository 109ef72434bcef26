package org.mppm.models.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A source of named models shipped on the class path, looked up by {@link SavedModels#locate(String)}
 * for locations {@code builtin:NAME}. Implementations are found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/org.mppm.models.io.ModelLocator} entry and a public no-argument
 * constructor), so a module that ships models (e.g. {@code org.mppm:mppm-pretrained}) makes them
 * available by being on the class path. Implementations must be thread-safe.
 */
public interface ModelLocator {

    /** The names this locator provides, sorted (e.g. {@code mnist-lmppm}). */
    List<String> names();

    /**
     * The saved model directory ({@link ModelDirectory}) of model {@code name}, ready to load, or
     * empty if this locator has no model of that name.
     *
     * @throws java.io.UncheckedIOException if the model exists but cannot be made available on disk
     */
    Optional<Path> locate(String name);
}
