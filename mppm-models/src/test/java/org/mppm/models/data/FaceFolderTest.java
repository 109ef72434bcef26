package org.mppm.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.image.ImageFiles;

class FaceFolderTest {

    @TempDir
    Path dir;

    /** Writes synthetic faces i = 0 .. n - 1 as PNG files of side s into {@code folder}. */
    private static void writeFaces(Path folder, int n, int s, String ext) throws IOException {
        Files.createDirectories(folder);
        SyntheticFaces g = new SyntheticFaces(s, 9);
        for (int i = 0; i < n; i++) {
            ImageFiles.writePng(ImageFiles.toImage(g.render(g.factors(i)), 3, s, s),
                    folder.resolve(String.format("face%02d.%s", i, ext)));
        }
    }

    @Test
    void readsTheScutLayoutResizedToRgb() throws IOException {
        writeFaces(dir.resolve("Images"), 5, 40, "png");
        Files.writeString(dir.resolve("All_Ratings.txt"), "not an image");
        FaceFolder f = new FaceFolder(dir, 20, 4);
        assertEquals(dir.resolve("Images"), f.imageDirectory());
        assertEquals(4, f.count());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = f.load(m);
            assertEquals(new Shape(4, 3, 20, 20), x.getShape());
            // area-averaged 2 x 2 reduction of the written face, up to 8-bit quantisation
            try (NDManager s = m.newSubManager()) {
                NDArray original = s.create(new SyntheticFaces(40, 9).render(new SyntheticFaces(40, 9).factors(0)),
                        new Shape(1, 3, 20, 2, 20, 2)).mean(new int[] {5}).mean(new int[] {3});
                double err = x.get("0:1").sub(original).abs().max().getFloat();
                assertTrue(err < 0.02, "max error " + err);
            }
        }
    }

    @Test
    void readsAnyFlatFolder() throws IOException {
        writeFaces(dir, 3, 16, "png");
        SyntheticFaces g = new SyntheticFaces(16, 9);
        assertTrue(ImageIO.write(ImageFiles.toImage(g.render(g.factors(7)), 3, 16, 16), "jpg",
                dir.resolve("z.jpg").toFile()));
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(dir, FaceFolder.of(dir, 8).imageDirectory());
            NDArray x = FaceFolder.of(dir, 8).load(m);
            assertEquals(new Shape(4, 3, 8, 8), x.getShape());
            assertTrue(x.get("3").mean().getFloat() > 0.05f, "the JPEG was read");
        }
    }

    @Test
    void nonSquareImagesAreCentreCroppedNotSqueezed() throws IOException {
        // 30 x 20: red 5-pixel bands left and right of a blue 20 x 20 centre
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(30, 20,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 30; x++) {
                img.setRGB(x, y, x < 5 || x >= 25 ? 0xff0000 : 0x0000ff);
            }
        }
        ImageFiles.writePng(img, dir.resolve("wide.png"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = FaceFolder.of(dir, 10).load(m);
            assertEquals(new Shape(1, 3, 10, 10), x.getShape());
            assertEquals(0f, x.get(":, 0").max().getFloat(), 1e-6f, "no red band left");
            assertEquals(1f, x.get(":, 2").min().getFloat(), 1e-6f, "all blue");
            // the plain ImageFolder squeezes the whole picture, bands included
            assertEquals(1f, ImageFolder.rgb(dir, 10, 10).load(m).get(":, 0").max().getFloat(), 1e-6f);
        }
    }

    @Test
    void missingOrEmptyFoldersSayTheDirectoryAndTheLayout() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            IOException e = assertThrows(IOException.class, () -> FaceFolder.of(dir.resolve("nope"), 8).load(m));
            assertEquals("face folder not found: " + dir.resolve("nope") + " (expected " + FaceFolder.EXPECTED_LAYOUT
                    + ")", e.getMessage());
            Files.writeString(dir.resolve("readme.txt"), "x");
            e = assertThrows(IOException.class, () -> FaceFolder.of(dir, 8).load(m));
            assertEquals("no face images found in " + dir + " (expected " + FaceFolder.EXPECTED_LAYOUT + ")",
                    e.getMessage());
            Files.createDirectories(dir.resolve("Images"));
            e = assertThrows(IOException.class, () -> FaceFolder.of(dir, 8).load(m));
            assertTrue(e.getMessage().startsWith("no face images found in " + dir.resolve("Images")), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FaceFolder.of(dir, 0));
        assertThrows(IllegalArgumentException.class, () -> new FaceFolder(dir, 8, -1));
    }
}
