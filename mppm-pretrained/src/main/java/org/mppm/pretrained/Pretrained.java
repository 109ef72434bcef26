package org.mppm.pretrained;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mppm.models.fid.MnistClassifier;

/**
 * The models shipped in this jar, by name, as in DJL's model zoo: {@link #list()} names them and
 * {@link #path(String)} gives a saved model directory to load ({@code Lmppm.load(Pretrained.path("mnist-lmppm"))}).
 * With this jar on the class path they are also the locations {@code builtin:NAME} of
 * {@link org.mppm.models.io.SavedModels#open(String)}. The jar also ships the MNIST FID classifier
 * ({@link #mnistFidClassifier()}, named {@value #MNIST_FID_CLASSIFIER} in {@link #classifiers()}), so
 * that FIDs on MNIST are measured with the same features on every machine; it is not a restoration
 * model and is not a {@code builtin:} location.
 *
 * <p>Each model is stored under {@code org/mppm/pretrained/NAME/}: the files of its saved model
 * directory and {@value #PROVENANCE}, which records how it was trained, the SHA-256 of every file
 * and its scores. {@link #path} extracts them once into a per-user cache directory,
 * {@code CACHE/pretrained/NAME-KEY} with KEY the first 16 hex digits of the SHA-256 of
 * {@value #PROVENANCE} (so a new version of a model gets a new directory). CACHE is the system
 * property {@value #CACHE_PROPERTY}, else the environment variable {@value #CACHE_ENV}, else
 * {@code $XDG_CACHE_HOME/mppm}, else {@code ~/.cache/mppm}.
 *
 * <p>Extraction writes into a new temporary directory beside the target, checks every file's
 * SHA-256 and renames the directory into place atomically, so concurrent threads and JVMs are safe
 * (one rename wins, the others discard their own copy). Nothing is deleted but the temporary
 * directories this class created, including those of extractions killed more than an hour ago.
 * An extracted directory is checked against {@value #PROVENANCE} on every call; one that was
 * altered afterwards is reported, not repaired. Thread-safe.
 */
public final class Pretrained {
    /** The provenance file of every shipped model. */
    public static final String PROVENANCE = "PROVENANCE.json";
    /** The system property that sets the cache directory. */
    public static final String CACHE_PROPERTY = "mppm.cache.dir";
    /** The environment variable that sets the cache directory (when the property is not set). */
    public static final String CACHE_ENV = "MPPM_CACHE_DIR";
    /** The shipped MNIST FID classifier's name ({@link #mnistFidClassifier()}). */
    public static final String MNIST_FID_CLASSIFIER = "mnist-fid-classifier";
    /** The file of a shipped classifier, in its directory ({@link MnistClassifier#save}'s format). */
    static final String CLASSIFIER_FILE = "classifier.bin";
    /** The index of the shipped models, beside their directories. */
    static final String INDEX = "index.json";
    /** The index's section of restoration models ({@link #list()}). */
    static final String MODELS = "models";
    /** The index's section of classifiers ({@link #classifiers()}). */
    static final String CLASSIFIERS = "classifiers";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String TEMP_PREFIX = ".extract-";
    /** A temporary directory this old belongs to an extraction that was killed. */
    private static final Duration ABANDONED = Duration.ofHours(1);

    private Pretrained() {}

    /** The names of the shipped restoration models, sorted (e.g. {@code mnist-dae}, {@code mnist-lmppm}). */
    public static List<String> list() {
        return indexSection(MODELS);
    }

    /** The names of the shipped classifiers, sorted ({@value #MNIST_FID_CLASSIFIER}). */
    public static List<String> classifiers() {
        return indexSection(CLASSIFIERS);
    }

    /**
     * The shipped MNIST FID classifier, loaded on the engine's default device: trained with
     * {@link org.mppm.models.fid.FidClassifierConfig#defaults()} on the 8,000 embedded training
     * digits ({@code MnistData.embedded().train()}) by {@link TrainBuiltins}; its
     * {@value #PROVENANCE} records how and its accuracy on the 2,000 embedded test digits. Input
     * {@code [N, 1, 28, 28]} in [0, 1]. The caller closes it.
     *
     * @throws IllegalStateException if the shipped file is damaged
     * @throws UncheckedIOException  if it cannot be extracted (see {@link #path(String, Path)})
     */
    public static MnistClassifier mnistFidClassifier() {
        Path file = path(MNIST_FID_CLASSIFIER).resolve(CLASSIFIER_FILE);
        try {
            return MnistClassifier.load(file);
        } catch (IOException e) {
            throw new IllegalStateException("the shipped classifier '" + MNIST_FID_CLASSIFIER + "' cannot be loaded from "
                    + file + ": " + e.getMessage() + "; the mppm-pretrained jar is incomplete", e);
        }
    }

    private static List<String> indexSection(String section) {
        String index = resourceText(INDEX);
        if (index == null) {
            return List.of();
        }
        JsonObject names = JsonParser.parseString(index).getAsJsonObject().getAsJsonObject(section);
        return names == null ? List.of() : List.copyOf(new TreeSet<>(names.keySet()));
    }

    /** The {@value #PROVENANCE} of model or classifier {@code name} as shipped (JSON text). */
    public static String provenance(String name) {
        requireKnown(name);
        String text = resourceText(name + "/" + PROVENANCE);
        if (text == null) {
            throw new IllegalStateException("the shipped model '" + name + "' has no " + PROVENANCE
                    + ": the mppm-pretrained jar is incomplete");
        }
        return text;
    }

    /** {@link #path(String, Path)} in the default cache directory (see the class comment). */
    public static Path path(String name) {
        return path(name, cacheDirectory());
    }

    /**
     * The saved model directory of shipped model (or classifier) {@code name}, extracted under
     * {@code cache} if it is not there yet (see the class comment).
     *
     * @throws IllegalArgumentException if nothing shipped has that name (naming what is)
     * @throws IllegalStateException    if the extracted copy differs from what was shipped
     * @throws UncheckedIOException     if the model cannot be extracted (naming the directory and
     *                                  how to choose another)
     */
    public static Path path(String name, Path cache) {
        Objects.requireNonNull(cache, "cache");
        String provenance = provenance(name);
        Map<String, String> files = files(name, provenance);
        byte[] provenanceBytes = provenance.getBytes(StandardCharsets.UTF_8);
        Path parent = cache.toAbsolutePath().resolve("pretrained");
        Path target = parent.resolve(name + "-" + sha256(provenanceBytes).substring(0, 16));
        if (Files.isDirectory(target)) {
            return verified(target, files);
        }
        Path temp = null;
        try {
            Files.createDirectories(parent);
            removeAbandonedTemporaries(parent);
            temp = Files.createTempDirectory(parent, TEMP_PREFIX + name + "-");
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] bytes = resourceBytes(name + "/" + file.getKey());
                if (bytes == null || !sha256(bytes).equals(file.getValue())) {
                    throw new IllegalStateException("the shipped model '" + name + "' is damaged: " + file.getKey()
                            + (bytes == null ? " is missing" : " does not match its SHA-256 in " + PROVENANCE)
                            + "; the mppm-pretrained jar is incomplete");
                }
                Files.write(temp.resolve(file.getKey()), bytes);
            }
            Files.write(temp.resolve(PROVENANCE), provenanceBytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // another thread or JVM extracted it first (Linux reports ENOTEMPTY as a plain
                // FileSystemException): use theirs, ours is removed below
                if (!Files.isDirectory(target)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the shipped model '" + name + "' to " + target + ": " + e
                    + "; set -D" + CACHE_PROPERTY + "=DIR or " + CACHE_ENV + " to a writable directory", e);
        } finally {
            removeOwnTemporary(temp, files.keySet());
        }
        return verified(target, files);
    }

    /** The default cache directory (see the class comment). */
    public static Path cacheDirectory() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "mppm");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "mppm");
    }

    /** The SHA-256 of {@code bytes}, 64 lower-case hex digits. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The model files {@code provenance} lists with their SHA-256 (file name to hex digest). */
    static Map<String, String> files(String name, String provenance) {
        Map<String, String> files = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, JsonElement> e : JsonParser.parseString(provenance).getAsJsonObject()
                    .getAsJsonObject("files").entrySet()) {
                files.put(e.getKey(), e.getValue().getAsString());
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("the " + PROVENANCE + " of shipped model '" + name + "' has no readable file list: "
                    + e.getMessage(), e);
        }
        for (String file : files.keySet()) {
            if (!FILE.matcher(file).matches() || file.startsWith(".") || file.equals(PROVENANCE)) {
                throw new IllegalStateException("the " + PROVENANCE + " of shipped model '" + name + "' lists a bad file name '"
                        + file + "'");
            }
        }
        return files;
    }

    private static void requireKnown(String name) {
        Objects.requireNonNull(name, "name");
        List<String> names = new ArrayList<>(list());
        names.addAll(classifiers());
        if (!NAME.matcher(name).matches() || !names.contains(name)) {
            throw new IllegalArgumentException("no built-in model '" + name + "'; available: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
    }

    /** {@code dir} after checking that every listed file has its SHA-256. */
    private static Path verified(Path dir, Map<String, String> files) {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path p = dir.resolve(file.getKey());
            try {
                if (!Files.isRegularFile(p) || !sha256(Files.readAllBytes(p)).equals(file.getValue())) {
                    bad.add(file.getKey());
                }
            } catch (IOException e) {
                bad.add(file.getKey());
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException("the extracted model in " + dir + " was altered (" + String.join(", ", bad)
                    + " missing or not matching " + PROVENANCE + "); delete that directory to extract it again");
        }
        return dir;
    }

    /** Removes the temporary directory this class created, and only the files it wrote there. */
    private static void removeOwnTemporary(Path temp, Iterable<String> names) {
        if (temp == null || !Files.isDirectory(temp)) {
            return;
        }
        try {
            for (String name : names) {
                Files.deleteIfExists(temp.resolve(name));
            }
            Files.deleteIfExists(temp.resolve(PROVENANCE));
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // a leftover temporary directory is harmless: it is never read
        }
    }

    /**
     * Removes the temporary directories of extractions that were killed (older than
     * {@link #ABANDONED}); best effort. Only entries named {@value #TEMP_PREFIX}* and the regular
     * files directly inside them are touched.
     */
    private static void removeAbandonedTemporaries(Path parent) {
        Instant cutoff = Instant.now().minus(ABANDONED);
        try (Stream<Path> list = Files.list(parent)) {
            for (Path temp : list.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                if (Files.isDirectory(temp, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)) {
                    try (Stream<Path> files = Files.list(temp)) {
                        for (Path f : files.toList()) {
                            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                                Files.deleteIfExists(f);
                            }
                        }
                    }
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            // leftovers are harmless: they are never read
        }
    }

    private static String resourceText(String resource) {
        byte[] bytes = resourceBytes(resource);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] resourceBytes(String resource) {
        try (InputStream in = Pretrained.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + resource + " of mppm-pretrained", e);
        }
    }
}
