package org.mppm.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.mppm.Mppm;

class SavedModelsTest {
    private static final int DIM = 3;
    private static NDManager nd;
    private static NDArray points;
    private static NDArray probe;

    @BeforeAll
    static void data() {
        nd = NDManager.newBaseManager();
        SplittableRandom random = new SplittableRandom(11);
        points = gaussian(random, 64);
        probe = gaussian(random, 20);
    }

    @AfterAll
    static void free() {
        nd.close();
    }

    @Test
    void opensEachKindWithTheModelsOwnDefaultRestorer(@TempDir Path dir) {
        try (Dae dae = Dae.builder().encoder(DIM, 8, 2).batchSize(32).epochs(1).patience(1).seed(1).fit(points);
                Lmppm lmppm = Lmppm.builder().encoder(DIM, 8, 2).batchSize(32).epochs(1).patience(1).seed(2)
                        .kernelBandwidth(0.5).fit(points);
                Mppm mppm = Mppm.builder().encoder(DIM, 8, 2).dropout(0).batchSize(32).epochs(1).patience(1).seed(3)
                        .fit(points)) {
            dae.save(dir.resolve("dae"));
            lmppm.save(dir.resolve("lmppm"));
            mppm.save(dir.resolve("mppm"));
            Map<String, float[]> expected = Map.of(
                    SavedModels.DAE, dae.restorer().restore(probe).toFloatArray(),
                    SavedModels.LMPPM, lmppm.restorer().restore(probe).toFloatArray(),
                    SavedModels.MPPM, mppm.restorer().restore(probe).toFloatArray());
            for (String kind : List.of(SavedModels.DAE, SavedModels.LMPPM, SavedModels.MPPM)) {
                Path saved = dir.resolve(kind);
                assertEquals(kind, SavedModels.kind(saved));
                try (SavedModels.Opened opened = SavedModels.open(saved)) {
                    assertEquals(kind, opened.kind());
                    assertEquals(SavedModels.checksum(saved), opened.checksum());
                    assertEquals(new Shape(DIM), opened.sampleShape());
                    assertArrayEquals(expected.get(kind), opened.restorer().restore(probe).toFloatArray(), kind);
                }
            }
        }
    }

    @Test
    void opensALatentDiffusionModelWithItsDae(@TempDir Path dir) {
        Path saved = dir.resolve("ldm");
        float[] expected;
        try (Dae dae = Dae.builder().encoder(DIM, 8, 2).batchSize(32).epochs(1).patience(1).seed(1).fit(points);
                LatentDiffusion ldm = LatentDiffusion.builder().steps(40).startStep(10).epochs(1).batchSize(32).patience(1)
                        .seed(2).fit(dae, points)) {
            SavedModels.saveLatentDiffusion(saved, ldm, dae);
            expected = ldm.restorer(dae).restore(probe).toFloatArray();
        }
        assertEquals(SavedModels.LDM, SavedModels.kind(saved));
        assertEquals(SavedModels.DAE, SavedModels.kind(saved.resolve(SavedModels.LDM_DAE)));
        try (SavedModels.Opened opened = SavedModels.open(saved)) {
            assertEquals(SavedModels.LDM, opened.kind());
            assertEquals(new Shape(DIM), opened.sampleShape());
            assertArrayEquals(expected, opened.restorer().restore(probe).toFloatArray());
        }
    }

    @Test
    void checksumChangesWithTheSavedModel(@TempDir Path dir) {
        Path saved = dir.resolve("model");
        String first;
        try (Dae dae = Dae.builder().encoder(DIM, 8, 2).batchSize(32).epochs(1).patience(1).seed(1).fit(points)) {
            dae.save(saved);
            first = SavedModels.checksum(saved);
            assertTrue(first.matches("[0-9a-f]{64}"), first);
        }
        try (Dae other = Dae.builder().encoder(DIM, 8, 2).batchSize(32).epochs(1).patience(1).seed(9).fit(points)) {
            other.save(saved);
        }
        assertNotEquals(first, SavedModels.checksum(saved));
    }

    @Test
    void refusesWhatItCannotOpenNamingWhy(@TempDir Path dir) throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SavedModels.open(dir));
        assertTrue(missing.getMessage().contains("no saved model in " + dir), missing.getMessage());

        Files.writeString(dir.resolve(ModelDirectory.MANIFEST), "{\"format\": \"mppm-model\", \"kind\": \"edm-image-denoiser\","
                + " \"manifestSha256\": \"00\"}");
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> SavedModels.open(dir));
        assertTrue(kind.getMessage().contains("'edm-image-denoiser'") && kind.getMessage().contains("[lmppm, dae, mppm, ldm]"),
                kind.getMessage());

        Files.writeString(dir.resolve(ModelDirectory.MANIFEST), "{\"format\": \"other\"}");
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class, () -> SavedModels.kind(dir));
        assertTrue(format.getMessage().contains("expected 'mppm-model'"), format.getMessage());
    }

    @Test
    void locationsAreDirectoriesOrBuiltinNames(@TempDir Path dir) {
        Path saved = dir.resolve("dae");
        try (Dae dae = Dae.builder().encoder(DIM, 8, 2).batchSize(32).epochs(1).patience(1).seed(1).fit(points)) {
            dae.save(saved);
        }
        assertEquals(saved, SavedModels.locate(saved.toString()));
        try (SavedModels.Opened opened = SavedModels.open(saved.toString())) {
            assertEquals(SavedModels.DAE, opened.kind());
        }
        // mppm-models alone ships no models: no ModelLocator is registered on this class path
        assertEquals(java.util.List.of(), SavedModels.builtinNames());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SavedModels.open("builtin:mnist-lmppm"));
        assertEquals("no built-in model 'mnist-lmppm'; available: none; add org.mppm:mppm-pretrained to the class path",
                unknown.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> SavedModels.locate(" "));
        assertEquals("a model location must be a directory or builtin:NAME, got ' '", blank.getMessage());
    }

    private static NDArray gaussian(SplittableRandom random, int rows) {
        float[] v = new float[rows * DIM];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return nd.create(v, new Shape(rows, DIM));
    }
}
