package org.mppm.spark;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkFiles;
import org.mppm.models.io.ModelDirectory;
import org.mppm.models.io.SavedModels;

/**
 * The models loaded in this JVM (one executor, or the driver in local mode), keyed by the model's
 * location and the checksum of its saved manifest ({@link SavedModels#checksum}): every task
 * thread of the JVM that asks for the same saved model shares one loaded copy, loaded once (the
 * models are thread-safe). Saving another model to the same location changes the checksum, so the
 * next task loads the new model; the old copy is closed when its last lease ends.
 *
 * <p>Locations: a local directory; {@code builtin:NAME}, a model shipped in {@code mppm-pretrained}
 * (extracted to the per-user cache of the machine, once per JVM); a relative path not found locally is looked up among the files
 * shipped with the job ({@code spark-submit --files} / {@code --archives}, {@link SparkFiles});
 * any other Hadoop path ({@code hdfs://}, {@code s3a://}, ...) is copied once per model checksum
 * into a local directory under {@code java.io.tmpdir} (removed when the JVM exits) and loaded
 * from there. Thread-safe.
 */
public final class ExecutorModels {
    private static final Object LOCK = new Object();
    private static final Map<Key, Entry> ENTRIES = new HashMap<>();
    private static final Map<Key, Path> STAGED = new HashMap<>();
    /** Where each {@code builtin:} model was extracted in this JVM (extraction verifies every file's SHA-256 once). */
    private static final Map<String, Path> BUILTINS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final AtomicLong LOADS = new AtomicLong();

    private ExecutorModels() {}

    private record Key(String location, String checksum) {}

    private static final class Entry {
        final SavedModels.Opened model;
        int leases;
        boolean superseded;

        Entry(SavedModels.Opened model) {
            this.model = model;
        }
    }

    /** A task's use of a cached model; {@link #close()} ends the use (idempotent), never the shared model itself. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final Entry entry;
        private boolean closed;

        private Lease(Key key, Entry entry) {
            this.key = key;
            this.entry = entry;
        }

        /** The shared model and its default restorer. */
        public SavedModels.Opened model() {
            return entry.model;
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                if (closed) {
                    return;
                }
                closed = true;
                entry.leases--;
                if (entry.superseded && entry.leases == 0) {
                    ENTRIES.remove(key, entry);
                    entry.model.close();
                }
            }
        }
    }

    /**
     * The model saved at {@code location}, loaded in this JVM if it is not already.
     *
     * @param location a local directory, a file shipped with the job, or a Hadoop path
     * @param hadoop   Hadoop settings for non-local paths (e.g. the job's {@code spark.hadoop.*}); may be empty
     * @throws IllegalArgumentException if no model can be opened there (naming the location and why)
     */
    public static Lease acquire(String location, Map<String, String> hadoop) {
        Objects.requireNonNull(location, "model location");
        Objects.requireNonNull(hadoop, "hadoop settings");
        Path local = localDirectory(location);
        String checksum = local != null ? SavedModels.checksum(local) : remoteChecksum(location, hadoop);
        Key key = new Key(location, checksum);
        synchronized (LOCK) {
            Entry entry = ENTRIES.get(key);
            if (entry == null) {
                Path dir = local != null ? local : staged(key, hadoop);
                SavedModels.Opened model = SavedModels.open(dir);
                LOADS.incrementAndGet();
                entry = new Entry(model);
                for (Iterator<Map.Entry<Key, Entry>> it = ENTRIES.entrySet().iterator(); it.hasNext();) {
                    Map.Entry<Key, Entry> old = it.next();
                    if (old.getKey().location().equals(location)) {
                        old.getValue().superseded = true;
                        if (old.getValue().leases == 0) {
                            it.remove();
                            old.getValue().model.close();
                        }
                    }
                }
                ENTRIES.put(key, entry);
            }
            entry.leases++;
            return new Lease(key, entry);
        }
    }

    /** How many times a model was loaded in this JVM (a cache miss each). */
    public static long loads() {
        return LOADS.get();
    }

    /** Closes and forgets every model no task is using (e.g. before a benchmark run); the rest stay. */
    public static void clear() {
        synchronized (LOCK) {
            for (Iterator<Entry> it = ENTRIES.values().iterator(); it.hasNext();) {
                Entry e = it.next();
                if (e.leases == 0) {
                    it.remove();
                    e.model.close();
                } else {
                    e.superseded = true;
                }
            }
        }
    }

    /**
     * Whether {@code location} is a Hadoop path on another file system (read with the job's Hadoop
     * settings), rather than a local or shipped directory or a {@code builtin:} model. Extracts nothing.
     */
    static boolean remote(String location) {
        return !location.startsWith(SavedModels.BUILTIN) && localDirectory(location) == null;
    }

    /**
     * The local directory {@code location} names, or null if it is a remote Hadoop path. A
     * {@code builtin:NAME} model is extracted once per JVM by {@link SavedModels#locate} (the
     * {@code mppm-pretrained} jar must be on the executors' class path, e.g. in {@code --jars}).
     */
    static Path localDirectory(String location) {
        if (location.startsWith(SavedModels.BUILTIN)) {
            return BUILTINS.compute(location, (name, known) -> known != null
                    && Files.isRegularFile(known.resolve(ModelDirectory.MANIFEST)) ? known : SavedModels.locate(name));
        }
        java.net.URI uri = new org.apache.hadoop.fs.Path(location).toUri();
        if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
            return null;
        }
        Path path = Path.of(uri.getPath());
        if (!Files.exists(path) && !path.isAbsolute()) {
            Path shipped = shipped(location);
            if (shipped != null) {
                return shipped;
            }
        }
        return path;
    }

    /** {@code location} among the files shipped with the job, or null outside a Spark job or if absent. */
    private static Path shipped(String location) {
        try {
            Path root = Path.of(SparkFiles.getRootDirectory());
            Path candidate = root.resolve(location);
            return Files.exists(candidate) ? candidate : null;
        } catch (RuntimeException e) {
            return null; // no SparkEnv in this JVM
        }
    }

    private static String remoteChecksum(String location, Map<String, String> hadoop) {
        org.apache.hadoop.fs.Path manifest = new org.apache.hadoop.fs.Path(location, ModelDirectory.MANIFEST);
        try {
            FileSystem fs = manifest.getFileSystem(configuration(hadoop));
            String json;
            try (InputStream in = fs.open(manifest)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            JsonElement sha = JsonParser.parseString(json).getAsJsonObject().get("manifestSha256");
            if (sha == null || !sha.isJsonPrimitive()) {
                throw new IllegalArgumentException(manifest + ": not an mppm model manifest (no manifestSha256)");
            }
            return sha.getAsString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model manifest " + manifest, e);
        } catch (IllegalStateException | com.google.gson.JsonParseException e) {
            throw new IllegalArgumentException(manifest + " is not a model manifest: " + e.getMessage(), e);
        }
    }

    /** A local copy of the remote model {@code key} (made once per location and checksum; the caller holds the lock). */
    private static Path staged(Key key, Map<String, String> hadoop) {
        Path copy = STAGED.get(key);
        if (copy != null && Files.isRegularFile(copy.resolve(ModelDirectory.MANIFEST))) {
            return copy;
        }
        try {
            Path parent = Files.createTempDirectory("mppm-spark-model-");
            copy = parent.resolve("model");
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(key.location());
            FileSystem fs = source.getFileSystem(configuration(hadoop));
            fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(copy.toUri()), true);
            // removed when the JVM exits (files registered after their folder are deleted before it)
            parent.toFile().deleteOnExit();
            try (java.util.stream.Stream<Path> files = Files.walk(copy)) {
                files.forEach(f -> f.toFile().deleteOnExit());
            }
            STAGED.put(key, copy);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the model " + key.location() + " to this machine", e);
        }
    }

    private static Configuration configuration(Map<String, String> hadoop) {
        Configuration conf = new Configuration();
        hadoop.forEach(conf::set);
        return conf;
    }
}
