package org.mppm.pretrained;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mppm.models.io.ModelLocator;

/**
 * The {@link ModelLocator} of the models this jar ships ({@link Pretrained}), registered in
 * {@code META-INF/services}, so that {@code SavedModels.open("builtin:mnist-lmppm")} finds them.
 */
public final class BuiltinLocator implements ModelLocator {

    /** For {@link java.util.ServiceLoader}. */
    public BuiltinLocator() {}

    @Override
    public List<String> names() {
        return Pretrained.list();
    }

    @Override
    public Optional<Path> locate(String name) {
        return names().contains(name) ? Optional.of(Pretrained.path(name)) : Optional.empty();
    }
}
