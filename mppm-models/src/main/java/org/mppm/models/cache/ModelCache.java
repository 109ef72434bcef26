package org.mppm.models.cache;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reuses trained models between runs. A cached model is loaded from its location and kept when it is
 * current (trained with the configuration asked for); otherwise, or when it cannot be loaded (missing,
 * damaged, written by another version), a new one is fitted and saved there. Saving is the model's
 * own (atomic, and it refuses to replace anything that is not a model of its kind), so a failed fit
 * or save leaves the earlier file as it was.
 *
 * <p>Two ways to say what is current: {@link #loadOrFit(Path, Object, Loader, Supplier, Saver)} for
 * the library's model directories, whose {@code model.json} records the configuration the model was
 * trained with (compared as JSON before anything is loaded), and
 * {@link #loadOrFitIf(Path, Loader, Predicate, Supplier, Saver)} for any saved form, checked on the
 * loaded model. Stateless and thread-safe; two processes fitting into one location at once both fit,
 * and the last save wins.
 */
public final class ModelCache {
    private static final System.Logger LOG = System.getLogger(ModelCache.class.getName());
    private static final Gson GSON = new Gson();

    private ModelCache() {}

    /** Loads a saved model; may fail with an {@link IOException} or an unchecked exception. */
    @FunctionalInterface
    public interface Loader<M> {
        M load(Path location) throws IOException;
    }

    /** Saves a model to a location. */
    @FunctionalInterface
    public interface Saver<M> {
        void save(M model, Path location) throws IOException;
    }

    /**
     * The model saved in the model directory {@code dir} when the {@code "config"} of its
     * {@code model.json} agrees with every setting of {@code config} serialised as JSON (e.g. a
     * builder's {@code config()}; a setting left unset there, which fit chooses, matches the value
     * saved, also inside a nested setting); otherwise {@code fit.get()}, saved into {@code dir}.
     *
     * <pre>{@code
     * Dae.Builder builder = recipe.dae(seed, listener);
     * Dae dae = ModelCache.loadOrFit(dir, builder.config(), Dae::load, () -> builder.fit(train), Dae::save);
     * }</pre>
     *
     * @param dir    where the model is, or will be, saved
     * @param config the configuration wanted
     * @param load   loads a model directory
     * @param fit    trains a new model
     * @param save   saves a model into a directory
     * @return the cached or the new model; the caller owns (closes) it
     */
    public static <M> M loadOrFit(Path dir, Object config, Loader<? extends M> load, Supplier<? extends M> fit,
            Saver<? super M> save) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(load, "load");
        JsonElement wanted = GSON.toJsonTree(config);
        return cached(dir, () -> savedConfigEquals(dir, wanted) ? load.load(dir) : null, fit, save);
    }

    /**
     * The model saved at {@code location} when it loads and {@code current} accepts it (a loaded model
     * that is not current is closed, if it is {@link AutoCloseable}); otherwise {@code fit.get()}, saved
     * at {@code location}.
     *
     * @param location a file or directory, as {@code load} and {@code save} take it
     * @param load     loads the saved model
     * @param current  whether a loaded model was trained as wanted (e.g. its configuration equals the wanted one)
     * @param fit      trains a new model
     * @param save     saves a model at the location
     * @return the cached or the new model; the caller owns (closes) it
     */
    public static <M> M loadOrFitIf(Path location, Loader<? extends M> load, Predicate<? super M> current,
            Supplier<? extends M> fit, Saver<? super M> save) {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(current, "current");
        return cached(location, () -> {
            if (!Files.exists(location)) {
                return null;
            }
            M loaded = load.load(location);
            if (current.test(loaded)) {
                return loaded;
            }
            LOG.log(System.Logger.Level.INFO, "the model in " + location + " was trained with other settings; fitting again");
            if (loaded instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot close the stale model of " + location + ": " + e);
                }
            }
            return null;
        }, fit, save);
    }

    /**
     * The location of a model that is only valid with another model (an LDM learns one DAE's codes):
     * {@code dir} suffixed with a hash of that model's configuration as JSON, so that a model cached
     * for one dependency is never reused with another. Deterministic across runs and JVMs.
     */
    public static Path keyedBy(Path dir, Object dependencyConfig) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(dependencyConfig, "dependencyConfig");
        return dir.resolveSibling(dir.getFileName() + "-" + Integer.toHexString(GSON.toJson(dependencyConfig).hashCode()));
    }

    /** What loads a cached model: the model when it is current, null when it must be fitted again. */
    private interface Lookup<M> {
        M find() throws IOException;
    }

    /** The one load-or-fit rule: a current cached model if any; otherwise fit, save, return. */
    private static <M> M cached(Path location, Lookup<? extends M> lookup, Supplier<? extends M> fit, Saver<? super M> save) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(save, "save");
        try {
            M found = lookup.find();
            if (found != null) {
                LOG.log(System.Logger.Level.INFO, "reusing the trained model in " + location);
                return found;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot reuse " + location + " (" + e.getMessage() + "); fitting again");
        }
        M model = fit.get();
        try {
            save.save(model, location);
        } catch (IOException e) {
            closeQuietly(model);
            throw new UncheckedIOException("cannot save the fitted model to " + location, e);
        } catch (RuntimeException e) {
            closeQuietly(model);
            throw e;
        }
        return model;
    }

    private static boolean savedConfigEquals(Path dir, JsonElement wanted) {
        Path manifest = dir.resolve("model.json");
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try {
            JsonElement saved = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject().get("config");
            return saved != null && covers(wanted, saved);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code stored} holds every setting of {@code wanted}: equal values, and for objects
     * every member of {@code wanted} covered, at any depth; a setting the request leaves to fit
     * (absent from it, e.g. an LMPPM's sigma_ker or an LDM's start step) matches the value fit stored.
     */
    private static boolean covers(JsonElement wanted, JsonElement stored) {
        if (wanted.isJsonObject() && stored != null && stored.isJsonObject()) {
            var kept = stored.getAsJsonObject();
            return wanted.getAsJsonObject().entrySet().stream().allMatch(e -> covers(e.getValue(), kept.get(e.getKey())));
        }
        return wanted.equals(stored);
    }

    private static void closeQuietly(Object model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception suppressed) {
                // the save failure is the error to report
            }
        }
    }
}
