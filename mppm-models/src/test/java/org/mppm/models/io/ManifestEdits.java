package org.mppm.models.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Test helper: edits the configuration in a saved model's {@code model.json}. */
public final class ManifestEdits {
    private ManifestEdits() {}

    /** Edits the configuration and leaves the checksums as they were (what a user's hand edit does). */
    public static void editConfig(Path dir, Consumer<JsonObject> edit) throws IOException {
        rewrite(dir, edit, false);
    }

    /** Edits the configuration and recomputes the manifest's checksums, as if it had been saved so. */
    public static void editConfigAndReseal(Path dir, Consumer<JsonObject> edit) throws IOException {
        rewrite(dir, edit, true);
    }

    private static void rewrite(Path dir, Consumer<JsonObject> edit, boolean reseal) throws IOException {
        Path manifest = dir.resolve(ModelDirectory.MANIFEST);
        JsonObject json = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
        edit.accept(json.getAsJsonObject("config"));
        if (reseal) {
            ModelDirectory.seal(json);
        }
        Files.writeString(manifest, new GsonBuilder().setPrettyPrinting().create().toJson(json));
    }
}
