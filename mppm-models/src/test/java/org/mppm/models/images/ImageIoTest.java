package org.mppm.models.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.models.data.IdxFile;

class ImageIoTest {

    @TempDir
    Path dir;

    /** Random 8-bit values {@code [n, c, h, w]} as k / 255. */
    private static NDArray eightBit(NDManager m, int n, int c, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(256) / 255f;
        }
        return m.create(v, new Shape(n, c, h, w));
    }

    @Test
    void pngRoundTripIsExactForGreyAndRgbOfOddSizes() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int c : new int[] {1, 3}) {
                NDArray x = eightBit(m, 2, c, 23, 37, c);
                Path out = dir.resolve("c" + c);
                PngFiles.write(x, List.of("a.png", "b.png"), out);
                List<ImageInput> inputs = ImageInputs.list(out);
                try (ImageRead read = ImageReader.read(inputs, new ImageFormat(c, 23, 37, SizePolicy.RESIZE), m)) {
                    assertEquals(List.of("a.png", "b.png"), read.batch().orElseThrow().names());
                    assertArrayEquals(x.toFloatArray(), read.batch().orElseThrow().images().toFloatArray(), 1e-6f);
                    assertTrue(read.failures().isEmpty());
                }
                assertEquals(c == 1 ? 1 : 3, org.mppm.core.image.ImageFiles.nativeChannels(ImageIO.read(out.resolve("a.png").toFile())));
            }
        }
    }

    @Test
    void jpegIsReadCloseToItsPixelsAndGreyFromColourIsLuma() throws IOException {
        BufferedImage img = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 100, 50));
        g.fillRect(0, 0, 16, 12);
        g.dispose();
        Path file = dir.resolve("photo.JPG");
        assertTrue(ImageIO.write(img, "jpeg", file.toFile()));
        try (NDManager m = NDManager.newBaseManager();
                ImageRead rgb = ImageReader.read(ImageInputs.list(file), new ImageFormat(3, 12, 16, SizePolicy.RESIZE), m);
                ImageRead grey = ImageReader.read(ImageInputs.list(file), new ImageFormat(1, 12, 16, SizePolicy.RESIZE), m)) {
            float[] v = rgb.batch().orElseThrow().images().toFloatArray();
            assertEquals(200 / 255f, v[0], 4 / 255f);
            assertEquals(100 / 255f, v[12 * 16], 4 / 255f);
            assertEquals(50 / 255f, v[2 * 12 * 16], 4 / 255f);
            assertEquals((0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255, grey.batch().orElseThrow().images().toFloatArray()[0], 4 / 255.0);
            assertEquals(List.of("photo.JPG"), rgb.batch().orElseThrow().names());
            assertEquals("photo.png", ImageInput.picture(file).pngName());
        }
    }

    @Test
    void progressiveAndCmykJpegsAreReadByTheJdk() throws IOException {
        BufferedImage img = new BufferedImage(20, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 20; x++) {
                img.setRGB(x, y, 150 << 16 | 90 << 8 | 30);
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        try (javax.imageio.stream.ImageOutputStream o = ImageIO.createImageOutputStream(dir.resolve("progressive.jpg").toFile())) {
            writer.setOutput(o);
            writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
        }
        // a four-component (CMYK) JPEG, stored inverted as Adobe's: bytes 255 are no ink, white
        java.awt.image.WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 20,
                16, 4, null);
        java.util.Arrays.fill(((java.awt.image.DataBufferByte) cmyk.getDataBuffer()).getData(), (byte) 255);
        try (javax.imageio.stream.ImageOutputStream o = ImageIO.createImageOutputStream(dir.resolve("cmyk.jpg").toFile())) {
            writer.setOutput(o);
            writer.write(null, new javax.imageio.IIOImage(cmyk, null, null), writer.getDefaultWriteParam());
        }
        writer.dispose();
        try (NDManager m = NDManager.newBaseManager();
                ImageRead read = ImageReader.read(ImageInputs.list(dir), new ImageFormat(3, 16, 20, SizePolicy.RESIZE), m)) {
            assertTrue(read.failures().isEmpty(), read.failures().toString());
            assertEquals(List.of("cmyk.jpg", "progressive.jpg"), read.batch().orElseThrow().names());
            NDArray x = read.batch().orElseThrow().images();
            assertEquals(1f, x.get(0).min().getFloat(), 2 / 255f, "CMYK all zero is white");
            assertEquals(150 / 255f, x.get(1, 0, 8, 10).getFloat(), 4 / 255f);
            assertEquals(90 / 255f, x.get(1, 1, 8, 10).getFloat(), 4 / 255f);
        }
    }

    @Test
    void cropResizeKeepsTheCentreWhileResizeSqueezesTheWholeImage() throws IOException {
        // 40 x 20: the left and right 10 columns red, the centre 20 blue
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 40, 20);
        g.setColor(Color.BLUE);
        g.fillRect(10, 0, 20, 20);
        g.dispose();
        Path file = dir.resolve("wide.png");
        ImageIO.write(img, "png", file.toFile());
        try (NDManager m = NDManager.newBaseManager();
                ImageRead crop = ImageReader.read(ImageInputs.list(file), new ImageFormat(3, 10, 10, SizePolicy.CROP_RESIZE), m);
                ImageRead squeeze = ImageReader.read(ImageInputs.list(file), new ImageFormat(3, 10, 10, SizePolicy.RESIZE), m)) {
            NDArray c = crop.batch().orElseThrow().images();
            NDArray s = squeeze.batch().orElseThrow().images();
            assertEquals(new Shape(1, 3, 10, 10), c.getShape());
            assertEquals(0f, c.get(0, 0).max().getFloat(), 1e-6f, "the crop holds no red");
            assertEquals(1f, s.get(0, 0, 5, 0).getFloat(), 1e-6f, "the squeezed image keeps the red border");
            assertEquals(0f, s.get(0, 0, 5, 5).getFloat(), 1e-6f);
        }
    }

    @Test
    void aFolderListsImagesInNameOrderAndUnreadableFilesAreSkippedAndReported() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            PngFiles.write(eightBit(m, 2, 1, 5, 5, 1), List.of("b.png", "a.png"), dir);
            Files.writeString(dir.resolve("notes.txt"), "not an image");
            Files.write(dir.resolve(".hidden.png"), new byte[] {1});
            Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
            List<ImageInput> inputs = ImageInputs.list(dir);
            assertEquals(List.of("a.png", "b.png", "broken.jpg"), inputs.stream().map(ImageInput::name).toList());
            try (ImageRead read = ImageReader.read(inputs, new ImageFormat(1, 8, 8, SizePolicy.RESIZE), m)) {
                assertEquals(List.of("a.png", "b.png"), read.batch().orElseThrow().names());
                assertEquals(new Shape(2, 1, 8, 8), read.batch().orElseThrow().images().getShape());
                assertEquals(1, read.failures().size());
                assertEquals("broken.jpg", read.failures().get(0).name());
                assertTrue(read.failures().get(0).reason().contains("broken.jpg"), read.failures().get(0).reason());
            }
            try (ImageRead none = ImageReader.read(inputs.subList(2, 3), new ImageFormat(1, 8, 8, SizePolicy.RESIZE), m)) {
                assertTrue(none.batch().isEmpty());
                assertEquals(0, none.count());
            }
        }
        assertThrows(IOException.class, () -> ImageInputs.list(Files.createDirectories(dir.resolve("empty"))));
        assertThrows(IOException.class, () -> ImageInputs.list(dir.resolve("missing")));
    }

    @Test
    void anIdxFileIsOneInputPerImage() throws IOException {
        byte[] data = new byte[3 * 4 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 4);
        }
        Path file = dir.resolve("t10k-images-idx3-ubyte.gz");
        new IdxFile(new int[] {3, 4, 5}, data).write(file);
        List<ImageInput> inputs = ImageInputs.list(file);
        assertEquals(3, inputs.size());
        assertEquals("t10k-images-idx3-ubyte.gz[1]", inputs.get(1).name());
        assertEquals("t10k-images-idx3-ubyte-000001.png", inputs.get(1).pngName());
        try (NDManager m = NDManager.newBaseManager();
                ImageRead read = ImageReader.read(inputs, new ImageFormat(1, 4, 5, SizePolicy.RESIZE), m)) {
            float[] v = read.batch().orElseThrow().images().toFloatArray();
            for (int i = 0; i < data.length; i++) {
                assertEquals((data[i] & 0xff) / 255f, v[i], 1e-6f);
            }
        }
    }

    @Test
    void theOutputFolderMustLieOutsideTheInputFolder() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path file = Files.writeString(in.resolve("x.png"), "x");
        assertThrows(IllegalArgumentException.class, () -> OutputFolder.requireOutside(in, in));
        assertThrows(IllegalArgumentException.class, () -> OutputFolder.requireOutside(in, in.resolve("out/deeper")));
        assertThrows(IllegalArgumentException.class, () -> OutputFolder.requireOutside(file, in));
        assertThrows(IllegalArgumentException.class, () -> OutputFolder.requireOutside(in, in.resolve("sub/../.")));
        assertThrows(IllegalArgumentException.class, () -> OutputFolder.requireOutside(in, file));
        Path link = Files.createSymbolicLink(dir.resolve("link"), in);
        assertThrows(IllegalArgumentException.class, () -> OutputFolder.requireOutside(in, link.resolve("out")));
        OutputFolder.requireOutside(in, dir.resolve("in-out"));
        OutputFolder.requireOutside(file, dir.resolve("out"));
        OutputFolder.requireOutside(file, in.resolve("restored"));   // beside an input file is fine
    }
}
