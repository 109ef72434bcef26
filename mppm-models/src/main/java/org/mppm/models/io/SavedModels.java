package org.mppm.models.io;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.mppm.core.Restorer;
import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.mppm.Mppm;

/**
 * Opens any saved model directory whose model type offers a restorer, by the {@code kind} its
 * {@code model.json} names, for code that restores with "whatever model this is" (the Spark
 * transformer, a command-line tool). Kinds: {@value #LMPPM} (Algorithm 2 with the model's
 * defaults), {@value #DAE} ({@code G(F(x))}), {@value #MPPM} (Algorithm 1 with the model's
 * defaults), {@value #LDM} (the latent diffusion baseline with its saved settings; its DAE is
 * saved in the subfolder {@value #LDM_DAE}, {@link #saveLatentDiffusion}).
 *
 * <p>{@link #kind} and {@link #checksum} read only the manifest (no parameters), so a caller can
 * key a cache by directory and checksum before loading anything.
 *
 * <p>A location ({@link #open(String)}, {@link #locate(String)}) is a directory path or
 * {@code builtin:NAME}, a model shipped on the class path and found through a {@link ModelLocator}
 * (add {@code org.mppm:mppm-pretrained} for {@code builtin:mnist-lmppm} and {@code builtin:mnist-dae}):
 *
 * <pre>{@code
 * try (SavedModels.Opened model = SavedModels.open("builtin:mnist-lmppm")) {
 *     NDArray restored = model.restorer().restore(degraded);   // [B, 1, 28, 28]
 * }
 * Lmppm lmppm = Lmppm.load(SavedModels.locate("builtin:mnist-lmppm"));
 * }</pre>
 */
public final class SavedModels {
    /** The kind of a saved {@link Lmppm}. */
    public static final String LMPPM = "lmppm";
    /** The kind of a saved {@link Dae}. */
    public static final String DAE = "dae";
    /** The kind of a saved {@link Mppm}. */
    public static final String MPPM = "mppm";
    /** The kind of a saved {@link LatentDiffusion}. */
    public static final String LDM = "ldm";
    /** The subfolder of a latent diffusion model's folder that holds its DAE. */
    public static final String LDM_DAE = "dae";
    /** The kinds {@link #open} accepts. */
    public static final List<String> KINDS = List.of(LMPPM, DAE, MPPM, LDM);
    /** The prefix of a location naming a model shipped on the class path. */
    public static final String BUILTIN = "builtin:";

    private SavedModels() {}

    /**
     * A loaded model with its default restorer. The restorer is thread-safe and valid until
     * {@link #close()}; closing waits for the calls in flight, later calls fail cleanly.
     */
    public static final class Opened implements AutoCloseable {
        private final String kind;
        private final String checksum;
        private final Shape sampleShape;
        private final Restorer restorer;
        private final AutoCloseable model;

        private Opened(String kind, String checksum, Shape sampleShape, Restorer restorer, AutoCloseable model) {
            this.kind = kind;
            this.checksum = checksum;
            this.sampleShape = sampleShape;
            this.restorer = restorer;
            this.model = model;
        }

        /** The model's kind, one of {@link #KINDS}. */
        public String kind() {
            return kind;
        }

        /** The saved manifest's checksum ({@link #checksum(Path)}) at the time of loading. */
        public String checksum() {
            return checksum;
        }

        /** The shape of one sample the restorer takes, without the batch axis (images: {@code (C, H, W)}). */
        public Shape sampleShape() {
            return sampleShape;
        }

        /** The model's default restorer: {@code [B, sampleShape...] -> [B, sampleShape...]}. */
        public Restorer restorer() {
            return restorer;
        }

        @Override
        public void close() {
            try {
                model.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the " + kind + " model", e);
            }
        }
    }

    /** The {@code kind} named by {@code dir/model.json}; fails naming the file if it is missing or not a model manifest. */
    public static String kind(Path dir) {
        return field(dir, "kind");
    }

    /**
     * The SHA-256 that seals the saved manifest ({@code manifestSha256}): it covers the kind, seed,
     * configuration and every data file's SHA-256, so it changes whenever the saved model does.
     */
    public static String checksum(Path dir) {
        return field(dir, "manifestSha256");
    }

    /**
     * The directory a location names: {@code builtin:NAME} is looked up with the
     * {@link ModelLocator}s on the class path (which may extract the model to a cache directory);
     * anything else is a path, returned as given (whether it holds a model is checked on loading).
     *
     * @throws IllegalArgumentException if the location is blank, or {@code builtin:NAME} names no
     *                                  model a locator provides (naming the ones available)
     */
    public static Path locate(String location) {
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw new IllegalArgumentException("a model location must be a directory or " + BUILTIN + "NAME, got '"
                    + location + "'");
        }
        if (!location.startsWith(BUILTIN)) {
            return Path.of(location);
        }
        String name = location.substring(BUILTIN.length());
        for (ModelLocator locator : ServiceLoader.load(ModelLocator.class)) {
            Optional<Path> dir = locator.locate(name);
            if (dir.isPresent()) {
                return dir.get();
            }
        }
        List<String> available = builtinNames();
        throw new IllegalArgumentException("no built-in model '" + name + "'; available: "
                + (available.isEmpty() ? "none" : String.join(", ", available))
                + (available.isEmpty() ? "; add org.mppm:mppm-pretrained to the class path" : ""));
    }

    /** The names of the models the {@link ModelLocator}s on the class path provide, sorted; empty if there are none. */
    public static List<String> builtinNames() {
        TreeSet<String> names = new TreeSet<>();
        for (ModelLocator locator : ServiceLoader.load(ModelLocator.class)) {
            names.addAll(locator.names());
        }
        return List.copyOf(names);
    }

    /** {@link #open(String, Device)} on the engine's default device. */
    public static Opened open(String location) {
        return open(location, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads the model at {@code location} (a directory, or {@code builtin:NAME}: see
     * {@link #locate(String)}) onto {@code device}, as {@link #open(Path, Device)}.
     */
    public static Opened open(String location, Device device) {
        return open(locate(location), device);
    }

    /** {@link #open(Path, Device)} on the engine's default device. */
    public static Opened open(Path dir) {
        return open(dir, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads the model saved in {@code dir} onto {@code device} (checksums verified as by the
     * model's own {@code load}) and builds its default restorer.
     *
     * @throws IllegalArgumentException if the directory holds no model, a corrupt one, or a kind
     *                                  that is not in {@link #KINDS} (naming the kinds accepted)
     */
    public static Opened open(Path dir, Device device) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(device, "device");
        String kind = kind(dir);
        String checksum = checksum(dir);
        switch (kind) {
            case LMPPM -> {
                Lmppm model = Lmppm.load(dir, device);
                return opened(kind, checksum, model, () -> new Opened(kind, checksum, model.autoencoder().sampleShape(),
                        model.restorer(), model));
            }
            case DAE -> {
                Dae model = Dae.load(dir, device);
                return opened(kind, checksum, model, () -> new Opened(kind, checksum, model.autoencoder().sampleShape(),
                        model.restorer(), model));
            }
            case MPPM -> {
                Mppm model = Mppm.load(dir, device);
                return opened(kind, checksum, model, () -> new Opened(kind, checksum, model.autoencoder().sampleShape(),
                        model.restorer(), model));
            }
            case LDM -> {
                Dae dae = Dae.load(dir.resolve(LDM_DAE), device);
                LatentDiffusion ldm;
                try {
                    ldm = LatentDiffusion.load(dir, device);
                } catch (RuntimeException e) {
                    dae.close();
                    throw e;
                }
                AutoCloseable both = () -> {
                    try (dae; ldm) {
                        // closes the diffusion model, then its DAE
                    }
                };
                return opened(kind, checksum, both, () -> new Opened(kind, checksum, dae.autoencoder().sampleShape(),
                        ldm.restorer(dae), both));
            }
            default -> throw new IllegalArgumentException(dir.resolve(ModelDirectory.MANIFEST) + ": a model of kind '" + kind
                    + "' has no default restorer to open here; expected one of " + KINDS);
        }
    }

    /**
     * Saves a latent diffusion model so that {@link #open} finds it: the noise predictor in
     * {@code dir}, its DAE in {@code dir/}{@value #LDM_DAE}, each atomically
     * ({@link ModelDirectory}).
     */
    public static void saveLatentDiffusion(Path dir, LatentDiffusion ldm, Dae dae) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(ldm, "ldm");
        Objects.requireNonNull(dae, "dae");
        if (dae.autoencoder().latentDimension() != ldm.latentDimension()) {
            throw new IllegalArgumentException("the DAE's latent dimension " + dae.autoencoder().latentDimension()
                    + " differs from the diffusion model's " + ldm.latentDimension());
        }
        ldm.save(dir);
        dae.save(dir.resolve(LDM_DAE));
    }

    /** Builds the handle, closing the model if that fails. */
    private static Opened opened(String kind, String checksum, AutoCloseable model, java.util.function.Supplier<Opened> build) {
        try {
            return build.get();
        } catch (RuntimeException e) {
            try {
                model.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String field(Path dir, String name) {
        Objects.requireNonNull(dir, "dir");
        Path manifest = dir.resolve(ModelDirectory.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException("no saved model in " + dir + ": " + ModelDirectory.MANIFEST + " not found");
        }
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(manifest + " is not a model manifest: " + e.getMessage(), e);
        }
        JsonElement format = json.get("format");
        if (format == null || !format.isJsonPrimitive() || !ModelDirectory.FORMAT.equals(format.getAsString())) {
            throw new IllegalArgumentException(manifest + ": format is " + format + ", expected '" + ModelDirectory.FORMAT + "'");
        }
        JsonElement value = json.get(name);
        if (value == null || !value.isJsonPrimitive()) {
            throw new IllegalArgumentException(manifest + ": no '" + name + "' field (a model saved by a version"
                    + " without it must be saved again)");
        }
        return value.getAsString();
    }
}
