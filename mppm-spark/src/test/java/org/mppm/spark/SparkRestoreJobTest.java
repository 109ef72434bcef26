package org.mppm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.image.ImageFiles;
import picocli.CommandLine;

/** The spark-restore job on a {@code local[2]} session: PNGs out, one metrics row per input. */
class SparkRestoreJobTest {

    @Test
    void writesRestoredPngsAndAMetricsTable(@TempDir Path dir) throws Exception {
        Path degraded = dir.resolve("degraded");
        Path clean = dir.resolve("clean");
        int size = 28 * 28;
        try (NDManager nd = NDManager.newBaseManager()) {
            float[] noisy = SparkFixture.degraded(nd, 6).toFloatArray();
            float[] truth = SparkFixture.clean(nd, 6).toFloatArray();
            for (int i = 0; i < 6; i++) {
                ImageFiles.writePng(ImageFiles.toImage(Arrays.copyOfRange(noisy, i * size, (i + 1) * size), 1, 28, 28),
                        degraded.resolve("d" + i + ".png"));
                ImageFiles.writePng(ImageFiles.toImage(Arrays.copyOfRange(truth, i * size, (i + 1) * size), 1, 28, 28),
                        clean.resolve("d" + i + ".png"));
            }
        }
        Files.write(degraded.resolve("bad.png"), new byte[] {7, 7, 7});
        Path out = dir.resolve("out");

        SparkRestoreJob.Summary summary = new SparkRestoreJob(SparkFixture.lmppm().toString(), degraded.toString(),
                clean.toString(), out.toString(), 4, false).run(SparkFixture.spark());

        assertEquals(new SparkRestoreJob.Summary(7, 6, 1), summary);
        for (int i = 0; i < 6; i++) {
            assertEquals(28, ImageFiles.read(out.resolve("images/d" + i + ".png")).getWidth());
        }
        List<Row> metrics = SparkFixture.spark().read().parquet(out.resolve("metrics.parquet").toString())
                .collectAsList();
        assertEquals(7, metrics.size());
        for (Row row : metrics) {
            String path = row.getAs("path");
            if (path.endsWith("bad.png")) {
                assertTrue(((String) row.getAs("error")).contains("undecodable"), (String) row.getAs("error"));
                assertNull(row.getAs("ssim"));
            } else {
                assertNull(row.getAs("error"), path);
                double ssim = row.getAs("ssim");
                assertTrue(ssim > -1 && ssim <= 1, path + " ssim " + ssim);
                assertNotNull(row.getAs("psnr"));
            }
        }
    }

    @Test
    void theCommandNamesMissingOptions() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SparkRestore()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--model", "m", "--out", "o"));
        assertTrue(err.toString().contains("--input and --out are required"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cli.execute("--model", "m", "--batch-size", "0", "--bench"));
        assertTrue(err.toString().contains("--batch-size must be >= 1"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cli.execute("--model", "m", "--bench", "--bench-warmup", "0"));
        assertTrue(err.toString().contains("--bench-warmup must be >= 1, got 0"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cli.execute("--model", "m", "--bench", "--bench-partitions", "0"));
        assertTrue(err.toString().contains("--bench-partitions must be >= 1, got 0"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cli.execute("--model", "builtin:nope", "--bench"));
        assertEquals("spark-restore: --model builtin:nope names no shipped model; available: mnist-dae, mnist-lmppm",
                err.toString().strip());
    }

    @Test
    void theBenchComparesAMasterWithAsManyThreadsInOneJvm() {
        assertEquals(1, SparkRestoreBench.taskThreads("local"));
        assertEquals(1, SparkRestoreBench.taskThreads("local[1]"));
        assertEquals(2, SparkRestoreBench.taskThreads("local[2]"));
        assertEquals(3, SparkRestoreBench.taskThreads("local[3,4]"));
        assertEquals(Runtime.getRuntime().availableProcessors(), SparkRestoreBench.taskThreads("local[*]"));
        assertEquals(1, SparkRestoreBench.taskThreads("spark://host:7077"));
    }
}
