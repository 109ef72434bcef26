package org.mppm.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path dir;

    private void png(String name, int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, "png", dir.resolve(name).toFile());
    }

    @Test
    void readsResizesAndOrdersByName() throws IOException {
        png("b.png", 40, 30, 0xff0000);
        png("a.png", 20, 20, 0x336699);
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray rgb = ImageFolder.rgb(dir, 12, 10).load(m);
            assertEquals(new Shape(2, 3, 12, 10), rgb.getShape());
            assertEquals(0x33 / 255f, rgb.getFloat(0, 0, 5, 5), 1e-6f);
            assertEquals(0x99 / 255f, rgb.getFloat(0, 2, 5, 5), 1e-6f);
            assertEquals(1f, rgb.getFloat(1, 0, 0, 0), 1e-6f);
            NDArray grey = new ImageFolder(dir, 8, 8, 1, 1).load(m);
            assertEquals(new Shape(1, 1, 8, 8), grey.getShape());
            assertEquals(0.299f * 0x33 / 255f + 0.587f * 0x66 / 255f + 0.114f * 0x99 / 255f, grey.getFloat(0, 0, 3, 3), 1e-5f);
        }
    }

    @Test
    void unreadableImageNamesTheFile() throws IOException {
        png("a.png", 4, 4, 0);
        Path bad = dir.resolve("broken.jpg");
        Files.write(bad, new byte[] {1, 2, 3, 4});
        try (NDManager m = NDManager.newBaseManager()) {
            IOException e = assertThrows(IOException.class, () -> ImageFolder.rgb(dir, 4, 4).load(m));
            assertTrue(e.getMessage().startsWith("unreadable image " + bad), e.getMessage());
            e = assertThrows(IOException.class, () -> ImageFolder.rgb(dir.resolve("none"), 4, 4).load(m));
            assertTrue(e.getMessage().startsWith("image folder not found"), e.getMessage());
        }
    }
}
