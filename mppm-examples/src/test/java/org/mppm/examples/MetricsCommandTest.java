package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCommandTest {

    @TempDir
    Path dir;

    private Path grey(String name, int w, int h, int delta) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, Math.min(255, (x * 7 + y * 13) % 200 + delta));
            }
        }
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private String[] run(String... args) {
        return CliRun.of(args).asArray();
    }

    @Test
    void printsOneJsonObjectWithTheFourMetrics() throws IOException {
        Path a = grey("a.png", 20, 16, 0);
        Path b = grey("b.png", 20, 16, 10);
        String[] r = run("metrics", "--reference", a.toString(), "--test", b.toString());
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(1, lines.length, r[1]);
        JsonObject json = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals(java.util.List.of("ssim", "ssimUniform7", "psnr", "mse"), java.util.List.copyOf(json.keySet()));
        // every pixel differs by 10/255 except where clipped at 255 (none: max 199 + 10)
        double mse = Math.pow(10 / 255.0, 2);
        assertEquals(mse, json.get("mse").getAsDouble(), 1e-9);
        assertEquals(10 * Math.log10(1 / mse), json.get("psnr").getAsDouble(), 1e-6);
        assertTrue(json.get("ssim").getAsDouble() < 1 && json.get("ssim").getAsDouble() > 0.9);
        assertNotEquals(json.get("ssim").getAsDouble(), json.get("ssimUniform7").getAsDouble());
    }

    @Test
    void identicalImagesGiveSsimOneAndNullPsnr() throws IOException {
        Path a = grey("a.png", 12, 12, 0);
        String[] r = run("metrics", "--reference", a.toString(), "--test", a.toString());
        JsonObject json = JsonParser.parseString(r[1]).getAsJsonObject();
        assertEquals(1.0, json.get("ssim").getAsDouble(), 1e-12);
        assertEquals(1.0, json.get("ssimUniform7").getAsDouble(), 1e-12);
        assertTrue(json.get("psnr").isJsonNull());
        assertEquals(0.0, json.get("mse").getAsDouble());
    }

    @Test
    void mismatchedSizesAndBadFilesFailClearly() throws IOException {
        Path a = grey("a.png", 20, 16, 0);
        Path b = grey("b.png", 16, 16, 0);
        String[] r = run("metrics", "--reference", a.toString(), "--test", b.toString());
        assertNotEquals("0", r[0]);
        assertEquals("", r[1]);
        assertTrue(r[2].contains("image sizes differ: reference " + a + " is 20x16 but test " + b + " is 16x16"), r[2]);
        Path bad = dir.resolve("bad.png");
        Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        r = run("metrics", "--reference", a.toString(), "--test", bad.toString());
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("unreadable image " + bad), r[2]);
    }
}
