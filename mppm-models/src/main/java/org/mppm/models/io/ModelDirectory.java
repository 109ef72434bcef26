package org.mppm.models.io;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A saved model on disk: {@code model.json} (format name and version, the model's kind, seed and
 * configuration, and a SHA-256 of every other file), one {@code NAME.params} per block (DJL's
 * parameter encoding) and one {@code NAME.ndlist} per array.
 *
 * <p>Saving is atomic: everything is written into a fresh sibling directory, which then replaces
 * the target, so an interrupted save never leaves a half-written model where a good one was.
 * Loading checks the format, the kind and every checksum before reading a parameter, and names
 * the file and what was expected when something is off.
 */
public final class ModelDirectory {
    public static final String FORMAT = "mppm-model";
    public static final int FORMAT_VERSION = 1;
    private static final String MANIFEST = "model.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private ModelDirectory() {}

    /** What {@link #read} found: the configuration and seed; blocks and arrays are read on request. */
    public static final class Contents {
        private final Path dir;
        private final JsonObject manifest;

        private Contents(Path dir, JsonObject manifest) {
            this.dir = dir;
            this.manifest = manifest;
        }

        public long seed() {
            return manifest.get("seed").getAsLong();
        }

        /** The configuration as saved, parsed into {@code type}. */
        public <T> T config(Class<T> type) {
            try {
                return GSON.fromJson(manifest.get("config"), type);
            } catch (JsonParseException e) {
                throw new IllegalArgumentException(dir.resolve(MANIFEST) + ": unreadable configuration: " + e.getMessage(), e);
            }
        }

        /** Loads the parameters saved as {@code NAME.params} into an initialised block of the same architecture. */
        public void loadBlock(String name, Block block, NDManager manager) {
            Path file = dir.resolve(name + ".params");
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                block.loadParameters(manager, in);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                throw new IllegalArgumentException(file + ": cannot load the parameters of '" + name
                        + "' (does the configuration match the architecture?): " + e.getMessage(), e);
            }
        }

        /** Loads the arrays saved as {@code NAME.ndlist} into {@code manager}. */
        public NDList loadArrays(String name, NDManager manager) {
            Path file = dir.resolve(name + ".ndlist");
            try {
                return NDList.decode(manager, Files.readAllBytes(file));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file + ": cannot decode the arrays '" + name + "': " + e.getMessage(), e);
            }
        }
    }

    /**
     * Saves atomically into {@code dir}.
     *
     * @param kind   what the model is (checked on load), e.g. "mppm", "dae"
     * @param seed   the seed it was trained with
     * @param config its configuration (serialised with Gson)
     * @param blocks blocks whose parameters to save, by name
     * @param arrays arrays to save, by name
     */
    public static void save(Path dir, String kind, long seed, Object config, Map<String, Block> blocks,
            Map<String, NDList> arrays) {
        Path target = dir.toAbsolutePath().normalize();
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".saving-");
            try {
                Map<String, String> checksums = new LinkedHashMap<>();
                for (Map.Entry<String, Block> e : blocks.entrySet()) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (DataOutputStream out = new DataOutputStream(bytes)) {
                        e.getValue().saveParameters(out);
                    }
                    checksums.put(e.getKey() + ".params", write(staging.resolve(e.getKey() + ".params"), bytes.toByteArray()));
                }
                for (Map.Entry<String, NDList> e : arrays.entrySet()) {
                    checksums.put(e.getKey() + ".ndlist", write(staging.resolve(e.getKey() + ".ndlist"), e.getValue().encode()));
                }
                JsonObject manifest = new JsonObject();
                manifest.addProperty("format", FORMAT);
                manifest.addProperty("formatVersion", FORMAT_VERSION);
                manifest.addProperty("kind", kind);
                manifest.addProperty("seed", seed);
                manifest.add("config", GSON.toJsonTree(config));
                manifest.add("sha256", GSON.toJsonTree(checksums));
                write(staging.resolve(MANIFEST), GSON.toJson(manifest).getBytes(StandardCharsets.UTF_8));
                replace(staging, target);
            } finally {
                deleteTree(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + target, e);
        }
    }

    /** Reads and verifies a saved model of the given kind. */
    public static Contents read(Path dir, String kind) {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no saved model at " + dir + ": not a directory");
        }
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException("no saved model at " + dir + ": " + MANIFEST + " is missing");
        }
        JsonObject manifest;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(manifestFile, StandardCharsets.UTF_8));
            manifest = parsed.getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(manifestFile + " is not a readable model manifest: " + e.getMessage(), e);
        }
        String format = string(manifest, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(manifestFile + ": format is '" + format + "', expected '" + FORMAT + "'");
        }
        int version = manifest.has("formatVersion") ? manifest.get("formatVersion").getAsInt() : -1;
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(manifestFile + ": format version " + version + ", this library reads version "
                    + FORMAT_VERSION);
        }
        String savedKind = string(manifest, "kind");
        if (!kind.equals(savedKind)) {
            throw new IllegalArgumentException(dir + " holds a '" + savedKind + "' model, expected '" + kind + "'");
        }
        if (!manifest.has("sha256") || !manifest.has("config") || !manifest.has("seed")) {
            throw new IllegalArgumentException(manifestFile + ": incomplete manifest (needs sha256, config and seed)");
        }
        for (Map.Entry<String, JsonElement> e : manifest.getAsJsonObject("sha256").entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("saved model " + dir + " is incomplete: " + e.getKey() + " is missing");
            }
            String actual;
            try {
                actual = sha256(Files.readAllBytes(file));
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + file, ex);
            }
            if (!actual.equals(e.getValue().getAsString())) {
                throw new IllegalArgumentException(file + " is corrupt or truncated: its SHA-256 does not match " + MANIFEST);
            }
        }
        return new Contents(dir, manifest);
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : null;
    }

    private static String write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return sha256(bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts staging in target's place: the old target is moved aside first and removed last. */
    private static void replace(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(old);
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
