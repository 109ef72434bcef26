package org.mppm.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    @TempDir
    Path dir;

    @Test
    void rowsAreMethodsColumnsAreSamples() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageGrid grid = ImageGrid.builder()
                    .row("degraded", m.full(new Shape(3, 1, 4, 5), 0.5f))
                    .row("restored", m.zeros(new Shape(3, 3, 4, 5)).add(m.create(new float[] {1f, 0f, 0f}, new Shape(1, 3, 1, 1))))
                    .padding(2).scale(2).build();
            BufferedImage img = grid.render();
            assertEquals(3 * 10 + 4 * 2, img.getWidth());
            assertEquals(2 * 8 + 3 * 2, img.getHeight());
            assertEquals(0xffffff, img.getRGB(0, 0) & 0xffffff); // padding
            assertEquals(0x808080, img.getRGB(2, 2) & 0xffffff); // row 0, sample 0
            assertEquals(0xff0000, img.getRGB(2 + 2 * 12, 2 + 10) & 0xffffff); // row 1, sample 2
            assertEquals(List.of("degraded", "restored"), grid.rowNames());
            Path file = dir.resolve("grid.png");
            grid.writePng(file);
            assertEquals(img.getRGB(30, 15), ImageFiles.read(file).getRGB(30, 15));
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count(), "temporary file left behind");
            }
        }
    }

    @Test
    void rejectsRowsOfDifferentSizes() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageGrid.Builder b = ImageGrid.builder().row("a", m.zeros(new Shape(2, 1, 4, 4)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.row("b", m.zeros(new Shape(3, 1, 4, 4))));
            assertTrue(e.getMessage().startsWith("row 'b' has shape (3, 1, 4, 4)"), e.getMessage());
        }
    }

    @Test
    void pixelsRoundTripThroughPngInGreyAndRgb() throws IOException {
        float[] grey = new float[2 * 3];
        float[] rgb = new float[3 * 2 * 3];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = i * 40 / 255f;
        }
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = i * 13 / 255f;
        }
        ImageFiles.writePng(ImageFiles.toImage(grey, 1, 2, 3), dir.resolve("g.png"));
        ImageFiles.writePng(ImageFiles.toImage(rgb, 3, 2, 3), dir.resolve("c.png"));
        BufferedImage g = ImageFiles.read(dir.resolve("g.png"));
        BufferedImage c = ImageFiles.read(dir.resolve("c.png"));
        assertEquals(1, ImageFiles.nativeChannels(g));
        assertEquals(3, ImageFiles.nativeChannels(c));
        assertArrayEquals(grey, ImageFiles.pixels(g, 1), 1e-7f);
        assertArrayEquals(rgb, ImageFiles.pixels(c, 3), 1e-7f);
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(dir.resolve("missing.png")));
        assertTrue(e.getMessage().contains("missing.png"));
    }
}
