package org.mppm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.models.dae.Dae;
import org.mppm.models.io.SavedModels;

/** The per-JVM cache: one load per location and checksum, a new load when the saved model changes. */
class ExecutorModelsTest {

    @Test
    void loadsOncePerLocationAndChecksumAndClosesASupersededModelAfterItsLastLease(@TempDir Path dir) {
        Path saved = dir.resolve("model");
        try (NDManager nd = NDManager.newBaseManager()) {
            SplittableRandom random = new SplittableRandom(3);
            float[] v = new float[64 * 3];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            NDArray points = nd.create(v, new Shape(64, 3));
            save(points, 1, saved);
            long loads = ExecutorModels.loads();
            ExecutorModels.Lease first = ExecutorModels.acquire(saved.toString(), Map.of());
            try (ExecutorModels.Lease again = ExecutorModels.acquire(saved.toString(), Map.of())) {
                assertSame(first.model(), again.model());
            }
            assertEquals(1, ExecutorModels.loads() - loads);

            save(points, 2, saved); // a new model at the same location: new checksum
            SavedModels.Opened old = first.model();
            try (ExecutorModels.Lease next = ExecutorModels.acquire(saved.toString(), Map.of())) {
                assertNotSame(old, next.model());
                assertEquals(2, ExecutorModels.loads() - loads);
                NDArray probe = points.get("0:4");
                old.restorer().restore(probe); // still usable: the first lease is open
                first.close();
                IllegalStateException closed = assertThrows(IllegalStateException.class, () -> old.restorer().restore(probe));
                assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
                next.model().restorer().restore(probe);
            }
            first.close(); // idempotent
        }
    }

    @Test
    void aModelOnAnotherFileSystemIsCopiedOnceAndLoaded(@TempDir Path dir) {
        Path saved = dir.resolve("remote-model");
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray points = nd.create(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, new Shape(4, 3));
            save(points, 5, saved);
            Map<String, String> hadoop = Map.of("fs." + OtherSchemeFileSystem.SCHEME + ".impl",
                    OtherSchemeFileSystem.class.getName(), "fs." + OtherSchemeFileSystem.SCHEME + ".impl.disable.cache", "true");
            String location = OtherSchemeFileSystem.SCHEME + "://" + saved.toAbsolutePath();
            assertEquals(null, ExecutorModels.localDirectory(location));
            try (ExecutorModels.Lease lease = ExecutorModels.acquire(location, hadoop);
                    SavedModels.Opened direct = SavedModels.open(saved)) {
                assertEquals(SavedModels.checksum(saved), lease.model().checksum());
                assertEquals(direct.restorer().restore(points).toFloatArray().length, 12);
                org.junit.jupiter.api.Assertions.assertArrayEquals(direct.restorer().restore(points).toFloatArray(),
                        lease.model().restorer().restore(points).toFloatArray());
            }
        }
    }

    @Test
    void aBuiltinModelIsExtractedOnceAndRestoresAsTheShippedModelDoes() {
        String location = SavedModels.BUILTIN + "mnist-dae";
        assertFalse(ExecutorModels.remote(location));
        long loads = ExecutorModels.loads();
        try (NDManager nd = NDManager.newBaseManager();
                ExecutorModels.Lease lease = ExecutorModels.acquire(location, Map.of());
                ExecutorModels.Lease again = ExecutorModels.acquire(location, Map.of());
                SavedModels.Opened direct = SavedModels.open(location)) {
            assertSame(lease.model(), again.model());
            assertTrue(ExecutorModels.loads() - loads <= 1, "one load at most (another test may have loaded it)");
            assertEquals(SavedModels.checksum(SavedModels.locate(location)), lease.model().checksum());
            SplittableRandom random = new SplittableRandom(11);
            float[] v = new float[8 * 28 * 28];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextDouble();
            }
            NDArray x = nd.create(v, new Shape(8, 1, 28, 28));
            org.junit.jupiter.api.Assertions.assertArrayEquals(direct.restorer().restore(x).toFloatArray(),
                    lease.model().restorer().restore(x).toFloatArray());
        }
    }

    @Test
    void anUnknownBuiltinModelNamesTheShippedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecutorModels.acquire(SavedModels.BUILTIN + "no-such-model", Map.of()));
        assertTrue(e.getMessage().contains("no-such-model") && e.getMessage().contains("mnist-lmppm"), e.getMessage());
    }

    @Test
    void aMissingModelIsNamed(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecutorModels.acquire(dir.resolve("nothing").toString(), Map.of()));
        assertTrue(e.getMessage().contains("no saved model in " + dir.resolve("nothing")), e.getMessage());
    }

    private static void save(NDArray points, long seed, Path dir) {
        try (Dae dae = Dae.builder().encoder(3, 8, 2).batchSize(32).epochs(1).patience(1).seed(seed).fit(points)) {
            dae.save(dir);
        }
    }
}
