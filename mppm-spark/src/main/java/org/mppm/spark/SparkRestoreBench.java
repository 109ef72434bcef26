package org.mppm.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mppm.core.Checks;
import org.mppm.core.Chunking;
import org.mppm.core.image.degrade.GaussianNoise;
import org.mppm.models.data.MnistData;
import org.mppm.models.io.SavedModels;

/**
 * Restoration throughput of a saved image model on Spark against the same model in one JVM: the
 * first {@code images} embedded MNIST test digits, degraded by Gaussian noise 0.5 (seed 16), are
 * restored by the single-JVM restorer ({@code restore(x, Chunking.of(batchSize))}) and by
 * {@link ImageRestorer} on a local session per master, from a Parquet table the bench writes once
 * to a temporary directory (as a user's job reads its input, so the query plan holds a file scan,
 * not the data; the frame is cached in {@code partitions} partitions first, so reading the input
 * is not timed). A Spark run writes every restored row to Spark's {@code noop} sink, so each
 * output column is produced as a job writing its result would produce it (a {@code count()}
 * would let the optimizer skip building the output rows). Each measurement: {@code warmup}
 * untimed runs (the first loads the model; the rest let the JIT compile the code of the steady
 * state, which takes tens of runs for Spark's planning and scheduling code), then {@code runs}
 * timed runs, the median counts. Reports images per second of wall-clock time and of process
 * CPU time for each, and the ratios {@code master / first master} (wall clock) and
 * {@code master / single JVM} (wall clock and CPU).
 *
 * @param model      the saved model's directory or {@code builtin:NAME} (its samples must be {@code [1, 28, 28]})
 * @param images     digits restored per run, 1 to 2,000
 * @param batchSize  rows restored together (single JVM: chunk size; Spark: batch per task)
 * @param partitions partitions of the Spark frame
 * @param warmup     untimed runs before each measurement, {@code >= 1}
 * @param runs       timed runs per measurement
 */
public record SparkRestoreBench(String model, int images, int batchSize, int partitions, int warmup, int runs) {

    public SparkRestoreBench {
        if (images < 1 || images > 2000) {
            throw new IllegalArgumentException("images must be 1 to 2000 (the embedded test digits), got " + images);
        }
        Checks.requireAtLeast("batchSize", batchSize, 1);
        Checks.requireAtLeast("partitions", partitions, 1);
        Checks.requireAtLeast("warmup", warmup, 1);
        Checks.requireAtLeast("runs", runs, 1);
    }

    /** Times the single JVM, then each master in turn (e.g. {@code local[1]}, {@code local[2]}); keys in that order. */
    public Map<String, Object> run(List<String> masters) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("images", images);
        report.put("batchSize", batchSize);
        report.put("partitions", partitions);
        report.put("warmupRuns", warmup);
        report.put("timedRuns", runs);
        float[] degraded;
        Rate single;
        try (NDManager nd = NDManager.newBaseManager(); SavedModels.Opened opened = SavedModels.open(model)) {
            NDArray x = new GaussianNoise(0.5).apply(MnistData.embedded().test().head(images).images(nd), 16);
            degraded = x.toFloatArray();
            report.put("kind", opened.kind());
            float[] input = degraded;
            single = rate(() -> {
                try (NDManager run = nd.newSubManager()) {
                    opened.restorer().restore(run.create(input, x.getShape()), Chunking.of(batchSize)).toFloatArray();
                }
            });
        }
        report.put("singleJvmImagesPerSecond", single.wall());
        report.put("singleJvmImagesPerCpuSecond", single.cpu());
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mppm-spark-bench-");
            Path table = dir.resolve("degraded.parquet");
            Double first = null;
            for (String master : masters) {
                Rate r = sparkRate(master, degraded, table);
                report.put(master + " imagesPerSecond", r.wall());
                report.put(master + " imagesPerCpuSecond", r.cpu());
                report.put(master + " / singleJvm", r.wall() / single.wall());
                report.put(master + " / singleJvm (CPU)", r.cpu() / single.cpu());
                if (first == null) {
                    first = r.wall();
                } else {
                    report.put(master + " / " + masters.get(0), r.wall() / first);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench's input table", e);
        } finally {
            deleteQuietly(dir);
        }
        return report;
    }

    /**
     * Images per second of {@link ImageRestorer} on a session of {@code master}, over the degraded
     * digits read from the Parquet table {@code table} (written by the first session), as a user's
     * job reads its input: the query plan holds a file scan, not the data.
     */
    private Rate sparkRate(String master, float[] degraded, Path table) {
        SparkSession spark = SparkSession.builder().master(master).appName("mppm spark-restore bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            if (!Files.exists(table)) {
                write(spark, degraded, table);
            }
            Dataset<Row> frame = spark.read().parquet(table.toString()).repartition(partitions).cache();
            frame.count();
            ImageRestorer restorer = new ImageRestorer().setModelPath(model).setInputCol("degraded").setBatchSize(batchSize);
            return rate(() -> restorer.transform(frame).write().format("noop").mode(SaveMode.Overwrite).save());
        } finally {
            spark.stop();
        }
    }

    /** Writes the digits as a Parquet table: {@code id int, degraded array<float>} (784 values a row). */
    private void write(SparkSession spark, float[] degraded, Path table) {
        int size = degraded.length / images;
        List<Row> rows = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            rows.add(RowFactory.create(i, Arrays.copyOfRange(degraded, i * size, (i + 1) * size)));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
                .add("degraded", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        spark.createDataFrame(rows, schema).write().parquet(table.toString());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the bench for
        }
    }

    /**
     * {@code warmup} untimed runs, then {@code runs} timed runs: the median images per second of wall-clock
     * time, and the median images per second of this process's CPU time (all its threads: task
     * threads, PyTorch's, the garbage collector's; less disturbed than the wall clock by other
     * processes on a shared machine).
     */
    private Rate rate(Runnable job) {
        for (int i = 0; i < warmup; i++) {
            job.run();
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        double[] seconds = new double[runs];
        double[] cpuSeconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            job.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
            cpuSeconds[i] = (os.getProcessCpuTime() - cpu) / 1e9;
        }
        Arrays.sort(seconds);
        Arrays.sort(cpuSeconds);
        return new Rate(images / seconds[runs / 2], images / cpuSeconds[runs / 2]);
    }

    /** Images per second of wall-clock time and of process CPU time. */
    private record Rate(double wall, double cpu) {}
}
