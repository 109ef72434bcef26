package org.mppm.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDataTest {

    @TempDir
    Path tmp;

    private static byte[] idx(int type, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(type << 8 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return b.toByteArray();
    }

    private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream os = Files.newOutputStream(p); OutputStream out = gzip ? new GZIPOutputStream(os) : os) {
            out.write(bytes);
        }
        return p;
    }

    @Test
    void idxRoundTripsRawAndGzip() throws IOException {
        byte[] pixels = new byte[3 * 2 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 10);
        }
        byte[] labels = {7, 0, 9};
        for (boolean gz : new boolean[] {false, true}) {
            Path images = write("img" + gz, idx(8, new int[] {3, 2, 4}, pixels), gz);
            Path lab = write("lab" + gz, idx(8, new int[] {3}, labels), gz);
            LabelledImages set = MnistData.fromFiles(images, lab);
            assertEquals(3, set.count());
            assertArrayEquals(new int[] {7, 0, 9}, set.labels());
            assertArrayEquals(pixels, set.pixels());
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = set.images(m);
                assertEquals(new Shape(3, 1, 2, 4), x.getShape());
                assertEquals(230 / 255f, x.getFloat(2, 0, 1, 3), 1e-7f);
            }
        }
    }

    @Test
    void badIdxFilesNameTheFile() throws IOException {
        Path truncated = write("truncated.idx", Arrays.copyOf(idx(8, new int[] {2, 28, 28}, new byte[2 * 784]), 500), false);
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(truncated));
        assertEquals("truncated IDX file " + truncated + ": dimensions [2, 28, 28] need 1568 data bytes, the file has 484",
                e.getMessage());
        Path magic = write("magic.idx", idx(0x0d, new int[] {1}, new byte[4]), false);
        e = assertThrows(IOException.class, () -> IdxFile.read(magic));
        assertTrue(e.getMessage().startsWith("wrong magic number 0x00000d01 in IDX file " + magic), e.getMessage());
        Path header = write("header.idx.gz", new byte[] {0, 0, 8}, true);
        e = assertThrows(IOException.class, () -> IdxFile.read(header));
        assertTrue(e.getMessage().contains(header.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Path images = write("img", idx(8, new int[] {2, 1, 1}, new byte[2]), false);
        Path labels = write("lab", idx(8, new int[] {3}, new byte[3]), false);
        e = assertThrows(IOException.class, () -> MnistData.fromFiles(images, labels));
        assertTrue(e.getMessage().contains("holds 2 images but labels file"), e.getMessage());
        e = assertThrows(IOException.class, () -> MnistData.fromDirectory(tmp));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte[.gz] not found in " + tmp), e.getMessage());
    }

    @Test
    void embeddedSplitIsTheDocumentedOne() {
        MnistData d = MnistData.embedded();
        assertEquals(8000, d.train().count());
        assertEquals(2000, d.test().count());
        assertEquals(28, d.train().height());
        int[] testPerClass = new int[10];
        int[] allPerClass = new int[10];
        for (int y : d.test().labels()) {
            testPerClass[y]++;
            allPerClass[y]++;
        }
        for (int y : d.train().labels()) {
            allPerClass[y]++;
        }
        assertArrayEquals(new int[] {200, 225, 198, 206, 196, 173, 203, 214, 189, 196}, testPerClass);
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, allPerClass);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = d.test().head(100).images(m);
            assertEquals(new Shape(100, 1, 28, 28), x.getShape());
            assertEquals(1f, x.max().getFloat(), 0.01f);
            assertEquals(0f, x.min().getFloat());
            float mean = x.mean().getFloat();
            assertTrue(mean > 0.09 && mean < 0.18, "mean ink " + mean);
        }
    }
}
