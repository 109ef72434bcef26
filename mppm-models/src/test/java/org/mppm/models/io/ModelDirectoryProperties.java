package org.mppm.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Positive;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The manifest checksums: blind to formatting and key order, not to any changed value. */
class ModelDirectoryProperties {
    record Config(double bandwidth, int latent, String name, double[] widths) {}

    @Property(tries = 40, seed = "20261202")
    void reformattingIsHarmlessAndAnyChangedValueIsDetected(@ForAll @Positive double bandwidth,
            @ForAll @IntRange(min = 1, max = 1024) int latent, @ForAll @AlphaChars @StringLength(max = 12) String name,
            @ForAll @Size(max = 4) List<@DoubleRange(min = -10, max = 10) Double> widths, @ForAll long seed,
            @ForAll Random random) throws IOException {
        Path dir = Files.createTempDirectory("mppm-manifest");
        try {
            Config config = new Config(bandwidth, latent, name, widths.stream().mapToDouble(Double::doubleValue).toArray());
            ModelDirectory.savePayload(dir, "props", seed, config, Map.of());
            Path manifest = dir.resolve(ModelDirectory.MANIFEST);
            JsonObject json = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();

            Files.writeString(manifest, shuffled(json, random).toString());
            ModelDirectory.Contents contents = ModelDirectory.read(dir, "props");
            Config loaded = contents.config(Config.class);
            assertEquals(seed, contents.seed());
            assertEquals(config.bandwidth(), loaded.bandwidth());
            assertEquals(config.latent(), loaded.latent());
            assertEquals(config.name(), loaded.name());
            assertArrayEquals(config.widths(), loaded.widths());

            JsonObject c = json.getAsJsonObject("config");
            switch (random.nextInt(config.widths().length > 0 ? 5 : 4)) {
                case 0 -> c.addProperty("bandwidth", bandwidth * 2);
                case 1 -> c.addProperty("latent", latent + 1);
                case 2 -> c.addProperty("name", name + "x");
                case 3 -> json.addProperty("seed", seed ^ 1);
                default -> c.getAsJsonArray("widths").set(0, new com.google.gson.JsonPrimitive(config.widths()[0] + 0.5));
            }
            Files.writeString(manifest, json.toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.read(dir, "props"));
            assertTrue(e.getMessage().contains("changed after saving"), e.getMessage());
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The same JSON with the keys of every object in a random order. */
    private static JsonElement shuffled(JsonElement json, Random random) {
        if (json.isJsonObject()) {
            List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(json.getAsJsonObject().entrySet());
            Collections.shuffle(entries, random);
            JsonObject o = new JsonObject();
            entries.forEach(e -> o.add(e.getKey(), shuffled(e.getValue(), random)));
            return o;
        }
        if (json.isJsonArray()) {
            JsonArray a = new JsonArray();
            json.getAsJsonArray().forEach(e -> a.add(shuffled(e, random)));
            return a;
        }
        return json;
    }
}
