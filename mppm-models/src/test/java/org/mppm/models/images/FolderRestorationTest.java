package org.mppm.models.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.Restorer;
import org.mppm.models.dae.Dae;
import org.mppm.models.io.SavedModels;
import org.mppm.models.nn.AutoencoderSpec;

class FolderRestorationTest {

    @TempDir
    Path dir;

    /** Writes every pixel of output i as {@code firstSample + row} / 255: shows which sample each file was. */
    private static final Restorer INDEX = (x, first) -> {
        long n = x.getShape().get(0);
        NDArray index = x.getManager().arange(first, first + n).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).div(255f);
        return x.zerosLike().add(index.reshape(n, 1, 1, 1));
    };

    private Path folder(int count) throws IOException {
        Path in = dir.resolve("in");
        try (NDManager m = NDManager.newBaseManager()) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(String.format("p%02d.png", i));
            }
            PngFiles.write(m.randomUniform(0, 1, new Shape(count, 1, 6, 6)), names, in);
        }
        return in;
    }

    private static int grey(Path file) throws IOException {
        return ImageIO.read(file.toFile()).getRaster().getSample(0, 0, 0);
    }

    private static long count(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.count();
        }
    }

    @Test
    void restoresEveryImageAsItsFolderSampleAndResumesWithTheSameSamples() throws IOException {
        Path in = folder(11);
        Files.write(in.resolve("p05.png"), new byte[] {7}); // unreadable
        Path out = dir.resolve("out");
        FolderRestoration job = FolderRestoration.of(INDEX, new Shape(1, 4, 4)).withBatchSize(3);
        FolderReport first = job.restore(in, out);
        assertEquals(new FolderReport(11, 10, 0, first.failures()), first);
        assertEquals("p05.png", first.failures().get(0).name());
        for (int i = 0; i < 11; i++) {
            if (i != 5) {
                Path f = out.resolve(String.format("p%02d.png", i));
                assertEquals(i, grey(f), f.toString());
                assertEquals(4, ImageIO.read(f.toFile()).getWidth());
            }
        }
        // interrupted after some files: delete three, run again
        for (int i : new int[] {0, 7, 10}) {
            Files.delete(out.resolve(String.format("p%02d.png", i)));
        }
        FolderReport resumed = job.withBatchSize(64).restore(in, out);
        assertEquals(3, resumed.written());
        assertEquals(7, resumed.existing());
        assertEquals(1, resumed.failures().size());
        assertEquals(10, count(out));
        for (int i : new int[] {0, 7, 10}) {
            assertEquals(i, grey(out.resolve(String.format("p%02d.png", i))));
        }
        assertEquals(11, count(in), "the input folder is unchanged");
        assertThrows(IllegalArgumentException.class, () -> job.restore(in, in.resolve("restored")));
    }

    /** Parallel chunks write the same samples under the same names, and the thread count is checked. */
    @Test
    void parallelChunksWriteTheSameFiles() throws IOException {
        Path in = folder(40);
        FolderReport report = FolderRestoration.of(INDEX, new Shape(1, 4, 4)).withBatchSize(32).withThreads(3)
                .restore(in, dir.resolve("out"));
        assertEquals(40, report.written());
        for (int i = 0; i < 40; i++) {
            assertEquals(i, grey(dir.resolve("out").resolve(String.format("p%02d.png", i))));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FolderRestoration.of(INDEX, new Shape(1, 4, 4)).withThreads(0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
    }

    @Test
    void theJavaQuickStartRestoresAFolderWithASavedModel() throws IOException {
        Path in = folder(5);
        Path modelDir = dir.resolve("my-model");
        try (NDManager m = NDManager.newBaseManager();
                Dae dae = Dae.builder().autoencoder(AutoencoderSpec.unet(1, 8, 4, 2, 4, 8)).epochs(1).batchSize(4).seed(1)
                        .fit(m.randomUniform(0, 1, new Shape(16, 1, 8, 8)))) {
            dae.save(modelDir);
        }
        // the README's quick start
        try (var model = SavedModels.open(dir.resolve("my-model"))) {
            FolderRestoration.of(model.restorer(), model.sampleShape()).restore(in, dir.resolve("restored"));
        }
        assertEquals(5, count(dir.resolve("restored")));
        assertTrue(Files.isRegularFile(dir.resolve("restored/p04.png")));
        assertEquals(8, ImageIO.read(dir.resolve("restored/p04.png").toFile()).getWidth());
    }
}
