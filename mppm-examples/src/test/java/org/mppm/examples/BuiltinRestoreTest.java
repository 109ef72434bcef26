package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.image.degrade.Degradations;
import org.mppm.models.data.MnistData;
import org.mppm.models.images.PngFiles;
import org.mppm.pretrained.Pretrained;

/**
 * The README's CLI quick start on a fresh model cache: 200 embedded test digits, degraded with noise
 * 0.5 and written as PNGs, restored with {@code restore --model builtin:mnist-lmppm} (no training),
 * then scored with {@code evaluate}: every file restored, SSIM and PSNR above the degraded input's.
 */
class BuiltinRestoreTest {
    private static final int COUNT = 200;

    @TempDir
    Path dir;

    @Test
    void shippedLmppmRestoresAFolderOfDigits() throws IOException {
        Path clean = dir.resolve("clean");
        Path degraded = dir.resolve("degraded");
        List<String> names = IntStream.range(0, COUNT).mapToObj(i -> String.format("digit-%03d.png", i)).toList();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray digits = MnistData.embedded().test().head(COUNT).images(manager);
            PngFiles.write(digits, names, clean);
            PngFiles.write(Degradations.parse("noise-0.5").apply(digits, 11), names, degraded);
        }
        Path restored = dir.resolve("restored");
        String cache = System.getProperty(Pretrained.CACHE_PROPERTY);
        System.setProperty(Pretrained.CACHE_PROPERTY, dir.resolve("cache").toString());
        CliRun restore;
        try {
            restore = CliRun.of("restore", "--model", "builtin:mnist-lmppm", "--input", degraded.toString(), "--out",
                    restored.toString());
        } finally {
            if (cache == null) {
                System.clearProperty(Pretrained.CACHE_PROPERTY);
            } else {
                System.setProperty(Pretrained.CACHE_PROPERTY, cache);
            }
        }
        assertEquals(0, restore.code(), restore.err());
        assertTrue(restore.out().contains(COUNT + " inputs: " + COUNT + " written"), restore.out());
        try (Stream<Path> files = Files.list(restored)) {
            assertEquals(names, files.map(p -> p.getFileName().toString()).sorted().toList());
        }

        CliRun evaluate = CliRun.of("evaluate", "--reference", clean.toString(), "--restored", restored.toString(),
                "--degraded", degraded.toString(), "--fid", "none");
        assertEquals(0, evaluate.code(), evaluate.err());
        JsonObject json = JsonParser.parseString(evaluate.out()).getAsJsonObject();
        double before = json.getAsJsonObject("degraded").get("ssim").getAsDouble();
        double after = json.getAsJsonObject("restored").get("ssim").getAsDouble();
        assertTrue(after > before + 0.05, "restored SSIM " + after + " against degraded " + before);
        assertTrue(json.getAsJsonObject("restored").get("psnr").getAsDouble()
                > json.getAsJsonObject("degraded").get("psnr").getAsDouble());
    }
}
