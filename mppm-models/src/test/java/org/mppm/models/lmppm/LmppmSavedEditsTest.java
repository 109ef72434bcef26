package org.mppm.models.lmppm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.models.io.ManifestEdits;

/** A saved LMPPM whose model.json was edited by hand does not load. */
class LmppmSavedEditsTest {

    @Test
    void anEditedKernelBandwidthOrLatentSizeIsDetected(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("lmppm");
        try (NDManager nd = NDManager.newBaseManager();
                Lmppm model = Lmppm.builder().encoder(4, 8, 2).distanceHidden(8).batchSize(32).epochs(1).seed(3)
                        .fit(LmppmTest.circle(nd, 64, 1))) {
            model.save(saved);
        }
        ManifestEdits.editConfig(saved, c -> c.addProperty("kernelBandwidth", 0.3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lmppm.load(saved));
        assertTrue(e.getMessage().contains("model.json: the configuration, kind or seed was changed after saving"),
                e.getMessage());

        ManifestEdits.editConfig(saved, c -> c.addProperty("kernelBandwidth", 0.1)); // not the saved value either
        ManifestEdits.editConfigAndReseal(saved, c -> c.getAsJsonObject("autoencoder").add("sizes", sizes(4, 8, 3)));
        e = assertThrows(IllegalArgumentException.class, () -> Lmppm.load(saved));
        assertTrue(e.getMessage().contains("of 'autoencoder' was saved with shape (2, 8), the configuration's architecture"
                + " expects (3, 8)"), e.getMessage());
    }

    private static JsonArray sizes(int... sizes) {
        JsonArray a = new JsonArray();
        for (int s : sizes) {
            a.add(s);
        }
        return a;
    }
}
