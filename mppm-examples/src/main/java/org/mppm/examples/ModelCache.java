package org.mppm.examples;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reuses trained models between runs: a model saved in {@code dir} is loaded when its saved
 * configuration agrees with every setting of the requested one (a setting the request leaves to
 * fit, e.g. an LMPPM's sigma_ker from the codes, is absent from it and matches the value fit
 * stored); otherwise it is trained and saved.
 */
final class ModelCache {
    private static final Gson GSON = new Gson();

    private ModelCache() {}

    /**
     * @param dir    where the model is (or will be) saved
     * @param config the configuration wanted (compared as JSON with the saved one)
     * @param load   loads a saved model
     * @param train  trains a new one
     * @param save   saves a model into dir
     */
    static <M> M loadOrTrain(Path dir, Object config, Function<Path, M> load, Supplier<M> train,
            java.util.function.BiConsumer<M, Path> save) {
        if (matches(dir, config)) {
            try {
                System.err.println("reusing the trained model in " + dir);
                return load.apply(dir);
            } catch (RuntimeException e) {
                System.err.println("cannot reuse " + dir + " (" + e.getMessage() + "); training again");
            }
        }
        M model = train.get();
        save.accept(model, dir);
        return model;
    }

    /**
     * The directory for a model that is only valid with another model (an LDM learns one DAE's
     * codes): {@code dir} suffixed with a hash of that model's configuration, so that a model cached
     * for one dependency is never reused with another.
     */
    static Path keyedBy(Path dir, Object dependencyConfig) {
        return dir.resolveSibling(dir.getFileName() + "-" + Integer.toHexString(GSON.toJson(dependencyConfig).hashCode()));
    }

    private static boolean matches(Path dir, Object config) {
        Path manifest = dir.resolve("model.json");
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try {
            var saved = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject().get("config");
            if (saved == null || !saved.isJsonObject()) {
                return false;
            }
            var requested = GSON.toJsonTree(config).getAsJsonObject();
            var savedObject = saved.getAsJsonObject();
            return requested.entrySet().stream().allMatch(e -> e.getValue().equals(savedObject.get(e.getKey())));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
