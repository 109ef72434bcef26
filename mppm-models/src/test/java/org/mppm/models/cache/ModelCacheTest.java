package org.mppm.models.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load-or-fit with a stand-in model whose directory holds a model.json like the library's models. */
class ModelCacheTest {
    private static final Gson GSON = new Gson();

    /** A stand-in model: its configuration, and whether it was closed. */
    static final class Fake implements AutoCloseable {
        final Map<String, Object> config;
        boolean closed;

        Fake(Map<String, Object> config) {
            this.config = config;
        }

        void save(Path dir) throws IOException {
            Files.createDirectories(dir);
            JsonObject manifest = new JsonObject();
            manifest.add("config", GSON.toJsonTree(config));
            Files.writeString(dir.resolve("model.json"), manifest.toString());
        }

        @SuppressWarnings("unchecked")
        static Fake load(Path dir) throws IOException {
            JsonObject manifest = JsonParser.parseString(Files.readString(dir.resolve("model.json"))).getAsJsonObject();
            return new Fake(GSON.fromJson(manifest.get("config"), Map.class));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<Map<String, Object>> fits = new ArrayList<>();

    private Fake cached(Path dir, Map<String, Object> config) {
        return ModelCache.loadOrFit(dir, config, Fake::load, () -> {
            fits.add(config);
            return new Fake(config);
        }, Fake::save);
    }

    @Test
    void fitsOnceThenLoads(@TempDir Path tmp) {
        Path dir = tmp.resolve("dae");
        Map<String, Object> config = Map.of("epochs", 3.0, "noise", 0.4);
        Fake first = cached(dir, config);
        assertEquals(1, fits.size());
        assertTrue(Files.isRegularFile(dir.resolve("model.json")), "the fitted model is saved");
        Fake second = cached(dir, config);
        assertEquals(1, fits.size(), "the second call loads instead of fitting");
        assertEquals(first.config, second.config);
        cached(dir, Map.of("epochs", 4.0, "noise", 0.4));
        assertEquals(2, fits.size(), "another configuration fits again");
        cached(dir, Map.of("epochs", 4.0, "noise", 0.4));
        assertEquals(2, fits.size(), "and is then reused");
    }

    @Test
    void aSettingLeftToFitMatchesTheSavedValueAlsoInsideANestedSetting(@TempDir Path tmp) {
        Path dir = tmp.resolve("ldm");
        Map<String, Object> wanted = Map.of("steps", 50.0, "restoration", Map.of("seed", 7.0));
        Map<String, Object> fitted = Map.of("steps", 50.0, "restoration", Map.of("startStep", 20.0, "seed", 7.0));
        java.util.function.Supplier<Fake> fit = () -> {
            fits.add(wanted);
            return new Fake(fitted);
        };
        ModelCache.loadOrFit(dir, wanted, Fake::load, fit, Fake::save);
        Fake again = ModelCache.loadOrFit(dir, wanted, Fake::load, fit, Fake::save);
        assertEquals(1, fits.size(), "the start step fit chose matches the request that left it open");
        assertEquals(fitted, again.config);
        ModelCache.loadOrFit(dir, Map.of("steps", 50.0, "restoration", Map.of("seed", 8.0)), Fake::load, fit, Fake::save);
        assertEquals(2, fits.size(), "a nested setting asked for with another value fits again");
        ModelCache.loadOrFit(dir, Map.of("steps", 50.0, "restoration", Map.of("startStep", 30.0, "seed", 7.0)), Fake::load, fit,
                Fake::save);
        assertEquals(3, fits.size(), "a start step asked for that differs from the saved one fits again");
    }

    @Test
    void aDamagedOrForeignCacheIsFittedAgain(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("lmppm");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model.json"), "{not json");
        Map<String, Object> config = Map.of("epochs", 1.0);
        cached(dir, config);
        assertEquals(1, fits.size());
        // the manifest matches, but loading fails: fit again rather than fail
        Fake again = ModelCache.loadOrFit(dir, config, d -> {
            throw new UncheckedIOException(new IOException("truncated parameters"));
        }, () -> new Fake(config), Fake::save);
        assertEquals(config, again.config);
    }

    @Test
    void aModelCheckedAfterLoadingIsClosedWhenStale(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("classifier");
        new Fake(Map.of("width", 8.0)).save(file);
        List<Fake> loaded = new ArrayList<>();
        Fake fresh = ModelCache.loadOrFitIf(file, d -> {
            Fake f = Fake.load(d);
            loaded.add(f);
            return f;
        }, f -> f.config.equals(Map.of("width", 16.0)), () -> new Fake(Map.of("width", 16.0)), Fake::save);
        assertEquals(Map.of("width", 16.0), fresh.config);
        assertTrue(loaded.get(0).closed, "the stale model is closed");
        Fake reused = ModelCache.loadOrFitIf(file, Fake::load, f -> f.config.equals(Map.of("width", 16.0)),
                () -> {
                    throw new AssertionError("must not fit");
                }, Fake::save);
        assertEquals(Map.of("width", 16.0), reused.config);
    }

    @Test
    void aFailedSaveClosesTheNewModelAndSaysWhere(@TempDir Path tmp) {
        Fake[] made = new Fake[1];
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ModelCache.loadOrFit(tmp.resolve("x"),
                Map.of(), Fake::load, () -> made[0] = new Fake(Map.of()), (m, d) -> {
                    throw new IOException("disk full");
                }));
        assertTrue(e.getMessage().contains(tmp.resolve("x").toString()), e.getMessage());
        assertTrue(made[0].closed);
    }

    @Test
    void keyedByNamesTheDependencysConfiguration(@TempDir Path tmp) {
        Path ldm = tmp.resolve("models/ldm");
        Path a = ModelCache.keyedBy(ldm, Map.of("epochs", 3));
        assertEquals(a, ModelCache.keyedBy(ldm, Map.of("epochs", 3)), "deterministic");
        assertNotEquals(a, ModelCache.keyedBy(ldm, Map.of("epochs", 4)), "another DAE, another directory");
        assertEquals(ldm.getParent(), a.getParent());
        assertTrue(a.getFileName().toString().startsWith("ldm-"), a.toString());
        // the key of the release that introduced it: caches written before keep being found
        assertEquals("ldm-" + Integer.toHexString(GSON.toJson(Map.of("epochs", 3)).hashCode()), a.getFileName().toString());
    }
}
