package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The everyday workflow end to end, in process: 500 generated RGB 32 x 32 images, {@code train},
 * {@code degrade}, {@code restore}, {@code evaluate}; resuming, unreadable files, the input folder
 * never written, usage errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkflowCommandsTest {
    private static final int TRAIN = 500;
    private static final int TEST = 40;

    @TempDir
    static Path dir;

    static Path clean;
    static Path testClean;
    static Path degraded;
    static Path model;

    @BeforeAll
    static void images() throws IOException {
        clean = shapes(dir.resolve("clean"), TRAIN, 1);
        testClean = shapes(dir.resolve("test-clean"), TEST, 2);
        degraded = dir.resolve("degraded");
        model = dir.resolve("model");
    }

    /** Smooth random shapes: a colour gradient and two soft ellipses or strokes per image, seeded. */
    static Path shapes(Path folder, int count, long seed) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new java.awt.GradientPaint(0, 0, colour(random), 32, 32, colour(random)));
            g.fillRect(0, 0, 32, 32);
            g.setColor(colour(random));
            g.fillOval(random.nextInt(4, 16), random.nextInt(4, 16), random.nextInt(8, 16), random.nextInt(8, 16));
            g.setColor(colour(random));
            g.setStroke(new BasicStroke(3));
            g.drawLine(random.nextInt(32), random.nextInt(32), random.nextInt(32), random.nextInt(32));
            g.dispose();
            ImageIO.write(img, "png", folder.resolve(String.format("img-%04d.png", i)).toFile());
        }
        return folder;
    }

    private static Color colour(SplittableRandom random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    @Order(1)
    void trainDegradeRestoreEvaluateImprovesSsim() throws IOException {
        CliRun train = run("train", "--method", "dae", "--data", clean.toString(), "--out", model.toString(), "--epochs", "3",
                "--latent", "128", "--widths", "16,32", "--batch-size", "32", "--noise", "0.3", "--seed", "3", "--quiet");
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.isRegularFile(model.resolve("training.json")));
        JsonObject record = JsonParser.parseString(Files.readString(model.resolve("training.json"))).getAsJsonObject();
        assertEquals("dae", record.get("method").getAsString());
        assertEquals(3, record.get("seed").getAsLong());
        assertTrue(record.get("recipe").getAsString().contains("U-Net [16, 32]"), record.toString());

        CliRun degrade = run("degrade", "--kind", "noise-0.3", "--input", testClean.toString(), "--out", degraded.toString(),
                "--seed", "5", "--quiet");
        assertEquals(0, degrade.code(), degrade.err());
        assertEquals(names(testClean), names(degraded));

        List<String> before = names(degraded);
        Path restored = dir.resolve("restored");
        CliRun restore = run("restore", "--model", model.toString(), "--input", degraded.toString(), "--out", restored.toString(),
                "--batch-size", "16");
        assertEquals(0, restore.code(), restore.err());
        assertTrue(restore.out().contains(TEST + " inputs: " + TEST + " written, 0 already done, 0 unreadable"), restore.out());
        assertEquals(names(testClean), names(restored));
        assertEquals(before, names(degraded), "the input folder is never written");

        CliRun evaluate = run("evaluate", "--reference", testClean.toString(), "--restored", restored.toString(), "--degraded",
                degraded.toString(), "--out", dir.resolve("eval").toString());
        assertEquals(0, evaluate.code(), evaluate.err());
        JsonObject json = JsonParser.parseString(evaluate.out()).getAsJsonObject();
        double restoredSsim = json.getAsJsonObject("restored").get("ssim").getAsDouble();
        double degradedSsim = json.getAsJsonObject("degraded").get("ssim").getAsDouble();
        System.err.printf("dae: SSIM degraded %.4f restored %.4f; PSNR degraded %.2f restored %.2f%n", degradedSsim, restoredSsim,
                json.getAsJsonObject("degraded").get("psnr").getAsDouble(), json.getAsJsonObject("restored").get("psnr").getAsDouble());
        assertEquals(TEST, json.getAsJsonObject("restored").get("pairs").getAsInt());
        assertTrue(restoredSsim > degradedSsim, "restored SSIM " + restoredSsim + " must exceed degraded " + degradedSsim);
        assertTrue(json.getAsJsonObject("restored").get("psnr").getAsDouble() > json.getAsJsonObject("degraded").get("psnr").getAsDouble());
        assertTrue(Files.isRegularFile(dir.resolve("eval/evaluate.json")));
        assertTrue(Files.readString(dir.resolve("eval/evaluate.md")).contains("| restored | 40 |"));
    }

    @Test
    @Order(2)
    void interruptedRestoreResumesAndSkipsUnreadableFiles() throws IOException {
        Path input = Files.createDirectories(dir.resolve("resume-in"));
        for (String n : names(degraded)) {
            Files.copy(degraded.resolve(n), input.resolve(n));
        }
        Files.write(input.resolve("broken.png"), new byte[] {1, 2, 3, 4, 5});
        Path out = Files.createDirectories(dir.resolve("resume-out"));
        // an earlier run wrote the first 10 outputs (marked: a 1 x 1 image, so a rewrite would show)
        byte[] marker;
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(one, "png", out.resolve("img-0000.png").toFile());
        marker = Files.readAllBytes(out.resolve("img-0000.png"));
        for (int i = 1; i < 10; i++) {
            Files.write(out.resolve(String.format("img-%04d.png", i)), marker);
        }
        CliRun restore = run("restore", "--model", model.toString(), "--input", input.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, restore.code(), restore.err());
        assertTrue(restore.out().contains((TEST + 1) + " inputs: " + (TEST - 10) + " written, 10 already done, 1 unreadable"),
                restore.out());
        assertTrue(restore.err().contains("skipped broken.png: "), restore.err());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(marker, Files.readAllBytes(out.resolve(String.format("img-%04d.png", i))));
        }
        assertEquals(TEST, names(out).size());
        assertFalse(names(out).contains("broken.png"));
        BufferedImage written = ImageIO.read(out.resolve("img-0039.png").toFile());
        assertEquals(32, written.getWidth());
    }

    @Test
    @Order(3)
    void usageErrorsExitTwoWithOneLineBeforeAnyWork() {
        Path inside = degraded.resolve("restored");
        String[][] cases = {
            {"restore", "--model", model.toString(), "--input", degraded.toString(), "--out", inside.toString()},
            {"restore", "--model", model.toString(), "--input", degraded.toString(), "--out", degraded.toString()},
            {"restore", "--model", dir.resolve("no-model").toString(), "--input", degraded.toString(), "--out", "x"},
            {"restore", "--model", model.toString(), "--input", dir.resolve("missing").toString(), "--out", "x"},
            {"degrade", "--kind", "blur-3", "--input", testClean.toString(), "--out", dir.resolve("d2").toString()},
            {"train", "--method", "gan", "--data", clean.toString(), "--out", dir.resolve("m2").toString()},
            {"train", "--method", "dae", "--data", clean.toString(), "--out", dir.resolve("m3").toString(), "--size", "32x16"},
            {"train", "--method", "lmppm", "--data", clean.toString(), "--out", dir.resolve("m4").toString(), "--distance-lr", "0"},
            {"train", "--method", "mppm", "--data", clean.toString(), "--out", dir.resolve("m5").toString()},
            {"train", "--method", "dae", "--data", clean.toString(), "--out", dir.resolve("m6").toString(), "--micro-batches", "0"},
            {"train", "--method", "edm", "--data", clean.toString(), "--out", dir.resolve("m7").toString(), "--micro-batches", "2"},
            {"evaluate", "--reference", dir.resolve("missing").toString(), "--restored", degraded.toString()},
        };
        for (String[] args : cases) {
            CliRun r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertEquals("", r.out());
        }
        assertFalse(Files.exists(inside));
        assertFalse(Files.exists(dir.resolve("d2")));
        assertTrue(run("degrade", "--kind", "blur-3", "--input", testClean.toString(), "--out", "x").err()
                .contains("noise-SIGMA"));
    }

    @Test
    @Order(4)
    void lmppmTrainsRestoresAndGeneratesResumably() throws IOException {
        Path lmppm = dir.resolve("lmppm");
        CliRun train = run("train", "--method", "lmppm", "--data", clean.toString(), "--out", lmppm.toString(), "--epochs", "1", "--limit", "250",
                "--latent", "64", "--widths", "16,32", "--batch-size", "32", "--noise", "0.3", "--seed", "4", "--micro-batches", "2",
                "--quiet");
        assertEquals(0, train.code(), train.err());
        try (var files = Files.walk(lmppm)) {
            assertTrue(files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.size(f) < 1_000_000 && Files.readString(f).replaceAll("\\s", "").contains("\"microBatches\":2");
                } catch (IOException | java.io.UncheckedIOException e) {
                    return false;
                }
            }), "the saved configuration keeps --micro-batches");
        }
        Path restored = dir.resolve("lmppm-restored");
        CliRun restore = run("restore", "--model", lmppm.toString(), "--input", degraded.toString(), "--out", restored.toString(),
                "--quiet");
        assertEquals(0, restore.code(), restore.err());
        JsonObject json = JsonParser.parseString(run("evaluate", "--reference", testClean.toString(), "--restored",
                restored.toString(), "--degraded", degraded.toString(), "--fid", "none").out()).getAsJsonObject();
        double restoredSsim = json.getAsJsonObject("restored").get("ssim").getAsDouble();
        double degradedSsim = json.getAsJsonObject("degraded").get("ssim").getAsDouble();
        System.err.printf("lmppm: SSIM degraded %.4f restored %.4f%n", degradedSsim, restoredSsim);
        assertTrue(restoredSsim > degradedSsim, "restored SSIM " + restoredSsim + " must exceed degraded " + degradedSsim);

        Path generated = dir.resolve("generated");
        CliRun generate = run("generate", "--model", lmppm.toString(), "--count", "6", "--out", generated.toString(), "--seed",
                "9", "--steps", "4", "--quiet");
        assertEquals(0, generate.code(), generate.err());
        assertEquals(List.of("000000.png", "000001.png", "000002.png", "000003.png", "000004.png", "000005.png"), names(generated));
        byte[] third = Files.readAllBytes(generated.resolve("000002.png"));
        Files.delete(generated.resolve("000002.png"));
        CliRun resumed = run("generate", "--model", lmppm.toString(), "--count", "8", "--out", generated.toString(), "--seed",
                "9", "--steps", "4", "--quiet");
        assertTrue(resumed.out().contains("3 written, 5 already there"), resumed.out());
        assertArrayEquals(third, Files.readAllBytes(generated.resolve("000002.png")), "sample 2 is the same when resumed");
        CliRun smoothing = run("generate", "--model", lmppm.toString(), "--method", "smoothing", "--count", "3", "--steps", "8",
                "--out", dir.resolve("smoothed").toString(), "--quiet");
        assertEquals(0, smoothing.code(), smoothing.err());
        assertEquals(3, names(dir.resolve("smoothed")).size());
        CliRun wrong = run("generate", "--model", model.toString(), "--count", "3", "--out", dir.resolve("g2").toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("does not generate"), wrong.err());
    }
}
