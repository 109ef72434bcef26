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
    void rowsAreMethodsColumnsAreSamplesEachLabelled() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageGrid grid = ImageGrid.builder().title("restorations of noise-0.7")
                    .row("degraded", m.full(new Shape(3, 1, 4, 5), 0.5f))
                    .row("restored", m.zeros(new Shape(3, 3, 4, 5)).add(m.create(new float[] {1f, 0f, 0f}, new Shape(1, 3, 1, 1))))
                    .padding(2).scale(2).build();
            assertEquals("restorations of noise-0.7", grid.title());
            assertEquals(List.of("degraded", "restored"), grid.rowNames());
            assertEquals("sample", grid.columnCaption());
            assertEquals(List.of("1", "2", "3"), grid.columnLabels());
            BufferedImage img = grid.render();
            assertTrue(img.getWidth() > 3 * 10 + 4 * 2 && img.getHeight() > 2 * 8 + 3 * 2);
            assertEquals(0xffffff, img.getRGB(img.getWidth() - 1, img.getHeight() - 1) & 0xffffff); // padding
            int red = 0;
            int firstRedX = Integer.MAX_VALUE;
            int firstRedY = Integer.MAX_VALUE;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    if ((img.getRGB(x, y) & 0xffffff) == 0xff0000) {
                        red++;
                        firstRedX = Math.min(firstRedX, x);
                        firstRedY = Math.min(firstRedY, y);
                    }
                }
            }
            assertEquals(3 * 10 * 8, red, "three red 10 x 8 cells");
            int grey = 0;
            for (int y = firstRedY - 10; y < firstRedY - 2; y++) { // the row above, one padding line between
                for (int x = firstRedX; x < img.getWidth(); x++) {
                    grey += (img.getRGB(x, y) & 0xffffff) == 0x808080 ? 1 : 0;
                }
            }
            assertEquals(3 * 10 * 8, grey, "three grey 10 x 8 cells right above");
            assertTrue(darkPixels(img, 0, firstRedX - 2, 0, img.getHeight()) > 20, "no row labels left of the cells");
            assertTrue(darkPixels(img, firstRedX, img.getWidth(), 0, 14) > 20, "no title");
            Path file = dir.resolve("grid.png");
            grid.writePng(file);
            assertEquals(img.getRGB(30, 15), ImageFiles.read(file).getRGB(30, 15));
            try (var files = Files.list(dir)) {
                assertEquals(1, files.count(), "temporary file left behind");
            }
        }
    }

    @Test
    void namedColumnsMustMatchTheImagesPerRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageGrid grid = ImageGrid.builder().columns("step", List.of("0", "5", "10"))
                    .row("sample 0", m.zeros(new Shape(3, 1, 4, 4))).build();
            assertEquals("step", grid.columnCaption());
            assertEquals(List.of("0", "5", "10"), grid.columnLabels());
            assertTrue(grid.render().getWidth() > 3 * 4);
            ImageGrid.Builder wrong = ImageGrid.builder().columns("step", List.of("0", "5")).row("a", m.zeros(new Shape(3, 1, 4, 4)));
            IllegalStateException e = assertThrows(IllegalStateException.class, wrong::build);
            assertEquals("columns: 2 labels for 3 images per row", e.getMessage());
        }
    }

    private static int darkPixels(BufferedImage img, int x0, int x1, int y0, int y1) {
        int dark = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = img.getRGB(x, y);
                dark += ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) < 300 ? 1 : 0;
            }
        }
        return dark;
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
