package org.mppm.models.io;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A saved model on disk: a directory holding {@code model.json} (the manifest) and one data file
 * per block ({@code NAME.<hash>.params}, DJL's parameter encoding) and per list of arrays
 * ({@code NAME.<hash>.ndlist}), where {@code <hash>} is the first 16 hex digits of the file's
 * SHA-256.
 *
 * <p>The manifest holds the format name and version, the model's kind, seed and configuration,
 * the data files with their SHA-256, {@code configSha256} (of the canonical JSON of kind, seed and
 * configuration) and {@code manifestSha256} (of the canonical JSON of everything else). Canonical
 * JSON: object keys sorted, numbers by value, no whitespace, so reformatting the file is harmless
 * but changing a value is detected.
 *
 * <p>Saving:
 * <ul>
 *   <li>refuses a target that is not a directory, or a non-empty directory without an mppm
 *       {@code model.json}; a new or empty directory, or an existing mppm model directory, is
 *       accepted. Files in a model directory that its manifest does not list (the user's own)
 *       are left alone.</li>
 *   <li>never moves or empties the directory: data files are written under new content-addressed
 *       names (temporary file, fsync, atomic rename), then the new manifest is renamed over
 *       {@code model.json} (the commit point). Only then are the files that only the old manifest
 *       listed deleted. A reader therefore always finds a complete model, old or new.</li>
 *   <li>holds the directory's lock ({@value #LOCK_FILE}: this JVM's threads and other processes)
 *       for the whole save, so saves to one directory run one after another.</li>
 *   <li>records the files it is about to create or retire in {@value #JOURNAL_FILE} first; the
 *       leftovers of a killed save (those files when the manifest in place does not list them,
 *       and temporary files {@value #TEMP_PREFIX}*) are removed by the next save, or by a load
 *       that finds the directory unlocked. Nothing else is ever deleted.</li>
 * </ul>
 *
 * <p>Loading ({@link #read}) checks the format, the kind, both manifest checksums and every data
 * file's SHA-256, and keeps the verified bytes, so a save that runs later cannot change what was
 * read. A data file that is missing or fails its checksum because a save replaced the model
 * meanwhile is not an error: the manifest is read again and the load retried. Corruption is
 * reported only when the manifest stays the same. {@link Contents#loadBlock} checks every loaded
 * parameter's shape against the block initialised from the configuration.
 *
 * <p>Directories of format version 1 ({@code NAME.params} files, no configuration checksum) are
 * still read, and may be overwritten.
 */
public final class ModelDirectory {
    public static final String FORMAT = "mppm-model";
    public static final int FORMAT_VERSION = 2;
    /** The manifest's file name. */
    public static final String MANIFEST = "model.json";
    /** The lock file kept in every model directory. */
    public static final String LOCK_FILE = ".mppm.lock";
    /** What a save in progress will create or retire; absent between saves. */
    public static final String JOURNAL_FILE = ".mppm-pending.json";
    /** The prefix of temporary files written during a save. */
    public static final String TEMP_PREFIX = ".mppm-tmp-";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern DATA_FILE_V1 = Pattern.compile("[A-Za-z0-9_-]+\\.(params|ndlist)");
    private static final Pattern DATA_FILE_V2 = Pattern.compile("[A-Za-z0-9_-]+\\.[0-9a-f]{16}\\.(params|ndlist)");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Loads retried because a save replaced the model meanwhile, at most. */
    private static final int READ_ATTEMPTS = 40;
    private static final long MAX_MANIFEST_BYTES = 16L << 20;

    private ModelDirectory() {}

    /** What {@link #read} found: the configuration and seed, and the verified bytes of every data file. */
    public static final class Contents {
        private final Path dir;
        private final JsonObject manifest;
        private final Map<String, DataFile> files;

        private Contents(Path dir, JsonObject manifest, Map<String, DataFile> files) {
            this.dir = dir;
            this.manifest = manifest;
            this.files = files;
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

        /**
         * Loads the parameters saved for block {@code name} into {@code block}, which must be
         * initialised (from the saved configuration): every parameter must then have the shape and
         * data type it was initialised with, and the saved bytes must be used up exactly.
         *
         * @throws IllegalStateException    if {@code block} is not initialised
         * @throws IllegalArgumentException if nothing was saved under {@code name}, the bytes do not
         *                                  decode into this block, or a shape differs (naming the
         *                                  parameter, the saved and the expected shape)
         */
        public void loadBlock(String name, Block block, NDManager manager) {
            DataFile data = file(name + ".params");
            Path file = dir.resolve(data.file());
            Map<String, Shape> expected = new LinkedHashMap<>();
            Map<String, DataType> types = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (!p.getValue().isInitialized()) {
                    throw new IllegalStateException("block '" + name + "' must be initialised before its parameters are"
                            + " loaded (parameter '" + p.getKey() + "' has no value), so that their shapes can be checked");
                }
                expected.put(p.getKey(), p.getValue().getArray().getShape());
                types.put(p.getKey(), p.getValue().getArray().getDataType());
            }
            int left;
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data.bytes()))) {
                block.loadParameters(manager, in);
                left = in.available();
            } catch (IOException | MalformedModelException | RuntimeException e) {
                throw new IllegalArgumentException(file + ": cannot load the parameters of '" + name
                        + "' (does the configuration match the architecture?): " + e.getMessage(), e);
            }
            if (left != 0) {
                throw new IllegalArgumentException(file + ": " + left + " bytes left over after the parameters of '" + name
                        + "', expected none (does the configuration match the architecture?)");
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                Shape saved = p.getValue().getArray().getShape();
                Shape wanted = expected.get(p.getKey());
                if (!saved.equals(wanted)) {
                    throw new IllegalArgumentException(file + ": parameter '" + p.getKey() + "' of '" + name
                            + "' was saved with shape " + saved + ", the configuration's architecture expects " + wanted
                            + " (does the configuration match the architecture?)");
                }
                DataType savedType = p.getValue().getArray().getDataType();
                if (savedType != types.get(p.getKey())) {
                    throw new IllegalArgumentException(file + ": parameter '" + p.getKey() + "' of '" + name
                            + "' was saved as " + savedType + ", the block was initialised as " + types.get(p.getKey()));
                }
            }
        }

        /** Loads the arrays saved as {@code name} into {@code manager}. */
        public NDList loadArrays(String name, NDManager manager) {
            DataFile data = file(name + ".ndlist");
            try {
                return NDList.decode(manager, data.bytes());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(dir.resolve(data.file()) + ": cannot decode the arrays '" + name + "': "
                        + e.getMessage(), e);
            }
        }

        private DataFile file(String key) {
            DataFile data = files.get(key);
            if (data == null) {
                throw new IllegalArgumentException("saved model " + dir + " has no '" + key + "', it has " + files.keySet());
            }
            return data;
        }
    }

    /** One verified data file: its entry name ({@code NAME.params}), file name and bytes. */
    private record DataFile(String file, byte[] bytes) {}

    /** A data file as the manifest lists it. */
    private record Entry(String key, String file, String sha256) {}

    /**
     * Saves into {@code dir}, atomically and without deleting anything that is not part of the
     * model saved there before (see the class comment).
     *
     * @param kind   what the model is (checked on load), e.g. "mppm", "dae"
     * @param seed   the seed it was trained with
     * @param config its configuration (serialised with Gson)
     * @param blocks blocks whose parameters to save, by name (letters, digits, '_' and '-')
     * @param arrays arrays to save, by name (letters, digits, '_' and '-')
     * @throws IllegalArgumentException if {@code dir} exists and is not a directory, or is a
     *                                  non-empty directory without an mppm manifest
     * @throws IllegalStateException    if a file of the new model's name is in {@code dir} already
     *                                  without being part of the model saved there
     * @throws UncheckedIOException     if writing fails (the model saved before, if any, is intact)
     */
    public static void save(Path dir, String kind, long seed, Object config, Map<String, Block> blocks,
            Map<String, NDList> arrays) {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("kind must be a non-blank name, got '" + kind + "'");
        }
        Path target = dir.toAbsolutePath().normalize();
        Map<String, byte[]> payload = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Block> e : blocks.entrySet()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    e.getValue().saveParameters(out);
                }
                payload.put(checkedName(e.getKey()) + ".params", bytes.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the parameters to save to " + target, e);
        }
        for (Map.Entry<String, NDList> e : arrays.entrySet()) {
            payload.put(checkedName(e.getKey()) + ".ndlist", e.getValue().encode());
        }
        savePayload(target, kind, seed, config, payload);
    }

    /**
     * Saves already serialised data files ({@code NAME.params} or {@code NAME.ndlist} to bytes). The
     * manifest lists them in name order, so the same model gives the same {@value #MANIFEST} bytes
     * whatever the order of the caller's map ({@code Map.of}'s changes from one JVM to the next).
     */
    static void savePayload(Path target, String kind, long seed, Object config, Map<String, byte[]> payload) {
        Map<String, String> names = new LinkedHashMap<>();
        JsonObject files = new JsonObject();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(payload).entrySet()) {
            String sha = sha256(e.getValue());
            int dot = e.getKey().lastIndexOf('.');
            String file = e.getKey().substring(0, dot) + "." + sha.substring(0, 16) + e.getKey().substring(dot);
            names.put(e.getKey(), file);
            JsonObject entry = new JsonObject();
            entry.addProperty("file", file);
            entry.addProperty("sha256", sha);
            files.add(e.getKey(), entry);
        }
        JsonObject body = new JsonObject();
        body.addProperty("format", FORMAT);
        body.addProperty("formatVersion", FORMAT_VERSION);
        body.addProperty("kind", kind);
        body.addProperty("seed", seed);
        body.add("config", GSON.toJsonTree(config));
        body.add("files", files);
        // checksums of what a reader will parse, so that they agree whatever Gson does with special values
        JsonObject manifest = JsonParser.parseString(GSON.toJson(body)).getAsJsonObject();
        seal(manifest);
        byte[] manifestBytes = GSON.toJson(manifest).getBytes(StandardCharsets.UTF_8);

        requireSaveable(target);
        try {
            Files.createDirectories(target);
            try (DirectoryLock lock = DirectoryLock.acquire(target)) {
                Set<String> old = requireSaveable(target);
                tidy(target, old);
                try {
                    commit(target, payload, names, manifestBytes, old);
                } catch (IOException | RuntimeException e) {
                    try {
                        tidy(target, referenced(target));
                    } catch (IOException | RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + target, e);
        }
    }

    /**
     * Writes the journal, the data files and the manifest, then deletes the files only the old
     * manifest listed, and the journal. The caller holds the lock.
     */
    private static void commit(Path target, Map<String, byte[]> payload, Map<String, String> names, byte[] manifestBytes,
            Set<String> old) throws IOException {
        Set<String> created = new LinkedHashSet<>(names.values());
        for (String file : created) {
            if (!old.contains(file) && Files.exists(target.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("cannot save the model to " + target + ": " + file + " is there already and"
                        + " is not part of the model saved there (" + MANIFEST + " does not list it); move it away");
            }
        }
        Set<String> pending = new LinkedHashSet<>(created);
        pending.addAll(old);
        JsonObject journal = new JsonObject();
        JsonArray list = new JsonArray();
        pending.forEach(list::add);
        journal.add("files", list);
        writeAtomically(target, JOURNAL_FILE, GSON.toJson(journal).getBytes(StandardCharsets.UTF_8));
        syncDirectory(target);
        for (Map.Entry<String, byte[]> e : payload.entrySet()) {
            writeAtomically(target, names.get(e.getKey()), e.getValue());
        }
        writeAtomically(target, MANIFEST, manifestBytes);
        syncDirectory(target);
        for (String file : old) {
            if (!created.contains(file)) {
                Files.deleteIfExists(target.resolve(file));
            }
        }
        Files.deleteIfExists(target.resolve(JOURNAL_FILE));
    }

    /**
     * Reads and verifies a saved model of the given kind.
     *
     * @throws IllegalArgumentException if {@code dir} holds no model, a model of another kind or
     *                                  format, an edited manifest, or a missing or corrupt data
     *                                  file (the message names the file)
     */
    public static Contents read(Path dir, String kind) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no saved model at " + dir + ": not a directory");
        }
        Path manifestFile = dir.resolve(MANIFEST);
        tidyIfUnlocked(dir);
        int stableFailures = 0;
        for (int attempt = 1;; attempt++) {
            byte[] manifestBytes = readManifestBytes(dir);
            JsonObject manifest = parseManifest(manifestFile, manifestBytes);
            int version = manifest.get("formatVersion").getAsInt();
            String savedKind = string(manifest, "kind");
            if (!kind.equals(savedKind)) {
                throw new IllegalArgumentException(dir + " holds a '" + savedKind + "' model, expected '" + kind + "'");
            }
            if (!manifest.has("config") || !manifest.has("seed")) {
                throw new IllegalArgumentException(manifestFile + ": incomplete manifest (needs config and seed)");
            }
            if (version >= 2) {
                verifySeal(manifestFile, manifest);
            }
            Map<String, DataFile> files = new LinkedHashMap<>();
            String problem = null;
            for (Entry entry : entries(manifestFile, manifest)) {
                Path file = dir.resolve(entry.file());
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    problem = "saved model " + dir + " is incomplete: " + entry.file() + " is missing";
                    break;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
                if (!sha256(bytes).equals(entry.sha256())) {
                    problem = file + " is corrupt or truncated: its SHA-256 does not match " + MANIFEST;
                    break;
                }
                files.put(entry.key(), new DataFile(entry.file(), bytes));
            }
            if (problem == null) {
                return new Contents(dir, manifest, files);
            }
            byte[] now;
            try {
                now = Files.readAllBytes(manifestFile);
            } catch (IOException e) {
                now = null;
            }
            if (Arrays.equals(now, manifestBytes)) {
                // a model saved again with the same content gives the same manifest: look once more
                stableFailures++;
            }
            if (stableFailures >= 2 || attempt >= READ_ATTEMPTS) {
                throw new IllegalArgumentException(problem);
            }
            pause(attempt);
        }
    }

    private static byte[] readManifestBytes(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        try {
            long size = Files.size(manifestFile);
            if (size > MAX_MANIFEST_BYTES) {
                throw new IllegalArgumentException(manifestFile + " is not a model manifest: " + size + " bytes, at most "
                        + MAX_MANIFEST_BYTES + " expected");
            }
            return Files.readAllBytes(manifestFile);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no saved model at " + dir + ": " + MANIFEST + " is missing");
        } catch (IOException e) {
            throw new IllegalArgumentException(manifestFile + " is not a readable model manifest: " + e.getMessage(), e);
        }
    }

    /** Parses a manifest and checks its format and version (1 or 2). */
    private static JsonObject parseManifest(Path manifestFile, byte[] bytes) {
        JsonObject manifest;
        try {
            manifest = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(manifestFile + " is not a readable model manifest: " + e.getMessage(), e);
        }
        String format = string(manifest, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(manifestFile + ": format is '" + format + "', expected '" + FORMAT + "'");
        }
        JsonElement v = manifest.get("formatVersion");
        int version = v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? v.getAsInt() : -1;
        if (version != 1 && version != FORMAT_VERSION) {
            throw new IllegalArgumentException(manifestFile + ": format version " + v + ", this library reads versions 1 and "
                    + FORMAT_VERSION);
        }
        return manifest;
    }

    /** The data files a parsed manifest lists, with names checked to be plain data-file names. */
    private static List<Entry> entries(Path manifestFile, JsonObject manifest) {
        List<Entry> entries = new ArrayList<>();
        try {
            if (manifest.get("formatVersion").getAsInt() == 1) {
                for (Map.Entry<String, JsonElement> e : manifest.getAsJsonObject("sha256").entrySet()) {
                    entries.add(new Entry(e.getKey(), e.getKey(), e.getValue().getAsString()));
                }
            } else {
                for (Map.Entry<String, JsonElement> e : manifest.getAsJsonObject("files").entrySet()) {
                    JsonObject o = e.getValue().getAsJsonObject();
                    entries.add(new Entry(e.getKey(), o.get("file").getAsString(), o.get("sha256").getAsString()));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(manifestFile + ": malformed file list: " + e.getMessage(), e);
        }
        Pattern pattern = manifest.get("formatVersion").getAsInt() == 1 ? DATA_FILE_V1 : DATA_FILE_V2;
        for (Entry e : entries) {
            if (!pattern.matcher(e.file()).matches() || !SHA256.matcher(e.sha256()).matches()) {
                throw new IllegalArgumentException(manifestFile + ": malformed file entry '" + e.key() + "' -> '" + e.file()
                        + "' (sha256 " + e.sha256() + "), expected a name like NAME.params or NAME.ndlist"
                        + " and 64 hex digits");
            }
        }
        return entries;
    }

    /** Adds {@code configSha256} and {@code manifestSha256} to a manifest. */
    static void seal(JsonObject manifest) {
        manifest.remove("configSha256");
        manifest.remove("manifestSha256");
        manifest.addProperty("configSha256", configSha256(manifest));
        manifest.addProperty("manifestSha256", manifestSha256(manifest));
    }

    private static void verifySeal(Path manifestFile, JsonObject manifest) {
        if (!manifest.has("configSha256") || !manifest.has("manifestSha256") || !manifest.has("files")) {
            throw new IllegalArgumentException(manifestFile + ": incomplete manifest (needs files, configSha256 and"
                    + " manifestSha256)");
        }
        if (!configSha256(manifest).equals(string(manifest, "configSha256"))) {
            throw new IllegalArgumentException(manifestFile + ": the configuration, kind or seed was changed after saving"
                    + " (configSha256 does not match): the saved parameters belong to the configuration they were saved"
                    + " with; save the model again instead of editing " + MANIFEST);
        }
        if (!manifestSha256(manifest).equals(string(manifest, "manifestSha256"))) {
            throw new IllegalArgumentException(manifestFile + " was changed after saving (manifestSha256 does not match)");
        }
    }

    private static String configSha256(JsonObject manifest) {
        JsonObject covered = new JsonObject();
        covered.add("kind", manifest.get("kind"));
        covered.add("seed", manifest.get("seed"));
        covered.add("config", manifest.get("config"));
        return sha256(CanonicalJson.bytes(covered));
    }

    private static String manifestSha256(JsonObject manifest) {
        JsonObject covered = manifest.deepCopy();
        covered.remove("manifestSha256");
        return sha256(CanonicalJson.bytes(covered));
    }

    /**
     * Checks that a model may be saved to {@code target} and returns the data files the model
     * there lists (empty if there is none). Safe while another process saves there: a save writes
     * its journal before its data files and deletes it only after {@code model.json} is in place,
     * so the journal and manifest are looked at after the listing.
     */
    private static Set<String> requireSaveable(Path target) {
        if (!Files.exists(target)) {
            return Set.of();
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("cannot save a model to " + target + ": it exists and is not a directory"
                    + " (a model is saved as a directory; choose a new or empty one)");
        }
        Path manifestFile = target.resolve(MANIFEST);
        for (int attempt = 1;; attempt++) {
            if (Files.exists(manifestFile)) {
                try {
                    JsonObject manifest = parseManifest(manifestFile, readManifestBytes(target));
                    Set<String> files = new LinkedHashSet<>();
                    entries(manifestFile, manifest).forEach(e -> files.add(e.file()));
                    return files;
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("cannot save a model to " + target + ": it holds a " + MANIFEST
                            + " that is not an mppm model manifest, refusing to overwrite it (" + e.getMessage() + ")", e);
                }
            }
            List<String> listed;
            try (Stream<Path> list = Files.list(target)) {
                listed = list.map(p -> p.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + target, e);
            }
            Set<String> ours = new LinkedHashSet<>(journal(target));
            ours.add(LOCK_FILE);
            ours.add(JOURNAL_FILE);
            List<String> foreign = listed.stream().filter(n -> !ours.contains(n) && !n.startsWith(TEMP_PREFIX))
                    .filter(n -> Files.exists(target.resolve(n))).toList();
            if (foreign.isEmpty()) {
                return Set.of();
            }
            if (!Files.exists(manifestFile) || attempt >= 3) {
                throw new IllegalArgumentException("cannot save a model to " + target + ": it is a non-empty directory"
                        + " that is not an mppm model (no " + MANIFEST + "; it holds e.g. "
                        + foreign.subList(0, Math.min(3, foreign.size())) + "); choose a new or empty directory");
            }
            // a save elsewhere committed meanwhile: look again
        }
    }

    /** The data-file names the journal of an unfinished save lists (empty if there is none or it is unreadable). */
    private static List<String> journal(Path dir) {
        Path file = dir.resolve(JOURNAL_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            JsonObject journal = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            for (JsonElement e : journal.getAsJsonArray("files")) {
                String name = e.getAsString();
                if (DATA_FILE_V1.matcher(name).matches() || DATA_FILE_V2.matcher(name).matches()) {
                    names.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return names;
    }

    /**
     * Removes what an unfinished save left (the caller holds the lock): files its journal lists
     * that the manifest in place does not, the journal, and temporary files.
     */
    private static void tidy(Path dir, Set<String> referenced) throws IOException {
        for (String name : journal(dir)) {
            Path file = dir.resolve(name);
            if (!referenced.contains(name) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir.resolve(JOURNAL_FILE));
        List<Path> temporary;
        try (Stream<Path> list = Files.list(dir)) {
            temporary = list.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList();
        }
        for (Path p : temporary) {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The data files the manifest in {@code dir} lists; empty if there is no manifest. */
    private static Set<String> referenced(Path dir) {
        Set<String> files = new LinkedHashSet<>();
        Path manifestFile = dir.resolve(MANIFEST);
        if (Files.exists(manifestFile)) {
            entries(manifestFile, parseManifest(manifestFile, readManifestBytes(dir))).forEach(e -> files.add(e.file()));
        }
        return files;
    }

    /** {@link #tidy} if the directory is not locked right now; best effort (nothing happens on any failure). */
    private static void tidyIfUnlocked(Path dir) {
        boolean leftovers = Files.exists(dir.resolve(JOURNAL_FILE));
        if (!leftovers) {
            try (Stream<Path> list = Files.list(dir)) {
                leftovers = list.anyMatch(p -> p.getFileName().toString().startsWith(TEMP_PREFIX));
            } catch (IOException e) {
                return;
            }
        }
        if (!leftovers) {
            return;
        }
        try (DirectoryLock lock = DirectoryLock.tryAcquire(dir)) {
            if (lock == null) {
                return;
            }
            tidy(dir, referenced(dir));
        } catch (IOException | RuntimeException e) {
            // leftovers stay for the next save; the load goes on
        }
    }

    /** Writes {@code bytes} to {@code dir/name} through a temporary file, fsync and an atomic rename. */
    private static void writeAtomically(Path dir, String name, byte[] bytes) throws IOException {
        Path tmp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes renames in {@code dir} durable where the platform allows it (a no-op where it does not). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported on this platform
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(5L * attempt, 50L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a save to finish", e);
        }
    }

    private static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a saved block or array name must be letters, digits, '_' or '-', got '"
                    + name + "'");
        }
        return name;
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : null;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
