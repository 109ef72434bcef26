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
 * would let the optimizer skip building the output rows). Each master's runs alternate with
 * single-JVM runs: {@code warmup} untimed runs of each (the first loads the model; the rest let
 * the JIT compile the code of the steady state, which takes tens of runs for Spark's planning
 * and scheduling code), then {@code runs} timed pairs. Reports images per second of wall-clock
 * time and of process CPU time for each, and the medians of the pairs' ratios
 * {@code master / single JVM} (wall clock and CPU); {@code master / first master} is the ratio of
 * those, so both masters are measured against the single JVM of their own time. A master of
 * {@code N > 1} task threads ({@code local[N]}, {@code local[*]}) is also timed against the
 * single JVM restoring on {@code N} threads ({@code Chunking.withThreads(N)}), in the same
 * rounds: {@code singleJvm N threads / 1 thread} is how far the model itself scales on this
 * machine, which bounds what Spark can reach, and {@code master / singleJvm N threads} (the median
 * of the rounds' ratios) is Spark's overhead at {@code N} threads.
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

    /**
     * Times each master in turn (e.g. {@code local[1]}, {@code local[2]}), its runs alternating with
     * runs of the single-JVM restorer, so that both see the same machine: a shared host drifts by
     * more than the overhead being measured. Keys in that order.
     */
    public Map<String, Object> run(List<String> masters) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("images", images);
        report.put("batchSize", batchSize);
        report.put("partitions", partitions);
        report.put("warmupRuns", warmup);
        report.put("timedRuns", runs);
        try (NDManager nd = NDManager.newBaseManager(); SavedModels.Opened opened = SavedModels.open(model)) {
            NDArray x = new GaussianNoise(0.5).apply(MnistData.embedded().test().head(images).images(nd), 16);
            float[] degraded = x.toFloatArray();
            report.put("kind", opened.kind());
            Runnable single = () -> {
                try (NDManager run = nd.newSubManager()) {
                    opened.restorer().restore(run.create(degraded, x.getShape()), Chunking.of(batchSize)).toFloatArray();
                }
            };
            Path dir = null;
            try {
                dir = Files.createTempDirectory("mppm-spark-bench-");
                Path table = dir.resolve("degraded.parquet");
                Double first = null;
                for (String master : masters) {
                    int threads = taskThreads(master);
                    List<Runnable> singles = new ArrayList<>(List.of(single));
                    if (threads > 1) {
                        singles.add(() -> {
                            try (NDManager run = nd.newSubManager()) {
                                opened.restorer().restore(run.create(degraded, x.getShape()),
                                        Chunking.of(batchSize).withThreads(threads)).toFloatArray();
                            }
                        });
                    }
                    Timed r = sparkRate(master, degraded, table, singles);
                    report.put(master + " imagesPerSecond", r.rates().get(1).wall());
                    report.put(master + " imagesPerCpuSecond", r.rates().get(1).cpu());
                    report.put(master + " singleJvmImagesPerSecond", r.rates().get(0).wall());
                    report.put(master + " singleJvmImagesPerCpuSecond", r.rates().get(0).cpu());
                    report.put(master + " / singleJvm", r.ratio(1, 0));
                    report.put(master + " / singleJvm (CPU)", r.cpuRatio(1, 0));
                    if (threads > 1) {
                        String name = "singleJvm " + threads + " threads";
                        report.put(master + " " + name + " imagesPerSecond", r.rates().get(2).wall());
                        report.put(master + " " + name + " / 1 thread", r.ratio(2, 0));
                        report.put(master + " / " + name, r.ratio(1, 2));
                    }
                    if (first == null) {
                        first = r.ratio(1, 0);
                    } else {
                        report.put(master + " / " + masters.get(0), r.ratio(1, 0) / first);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the bench's input table", e);
            } finally {
                deleteQuietly(dir);
            }
        }
        return report;
    }

    /**
     * {@link ImageRestorer} on a session of {@code master}, over the degraded digits read from the
     * Parquet table {@code table} (written by the first session), as a user's job reads its input:
     * the query plan holds a file scan, not the data; its runs timed in rounds with runs of
     * {@code singles}, the single-JVM restorer on one thread and, if given, on the master's threads.
     * Job 1 of the result is Spark's.
     */
    private Timed sparkRate(String master, float[] degraded, Path table, List<Runnable> singles) {
        SparkSession spark = SparkSession.builder().master(master).appName("mppm spark-restore bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            if (!Files.exists(table)) {
                write(spark, degraded, table);
            }
            Dataset<Row> frame = spark.read().parquet(table.toString()).repartition(partitions).cache();
            frame.count();
            ImageRestorer restorer = new ImageRestorer().setModelPath(model).setInputCol("degraded").setBatchSize(batchSize);
            List<Runnable> jobs = new ArrayList<>(singles);
            jobs.add(1, () -> restorer.transform(frame).write().format("noop").mode(SaveMode.Overwrite).save());
            return timed(jobs);
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

    /** The task threads of a local master ({@code local[N]}, {@code local[*]}), 1 for any other master. */
    static int taskThreads(String master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
        if (!m.matches()) {
            return 1;
        }
        return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
    }

    /**
     * {@code warmup} untimed runs of each job, then {@code runs} timed rounds of one run of each, in
     * turn forward and backward (so no job always follows the same one): the median rates of each
     * (images per second of wall-clock time, and of this process's CPU time: all its threads, task
     * threads, PyTorch's, the garbage collector's), and per job the median over the rounds of its
     * rate relative to job 0's in the same round.
     */
    private Timed timed(List<Runnable> jobs) {
        for (int i = 0; i < warmup; i++) {
            jobs.forEach(Runnable::run);
        }
        List<Times> times = new ArrayList<>();
        jobs.forEach(j -> times.add(new Times(runs)));
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < jobs.size(); k++) {
                int job = i % 2 == 0 ? k : jobs.size() - 1 - k;
                times.get(job).time(i, jobs.get(job));
            }
        }
        return new Timed(times, images);
    }

    /** The seconds of each timed run of one job: wall clock and this process's CPU time. */
    private static final class Times {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        final double[] wall;
        final double[] cpu;

        Times(int runs) {
            wall = new double[runs];
            cpu = new double[runs];
        }

        /** Runs {@code job} once as run {@code i}. */
        void time(int i, Runnable job) {
            long cpuStart = OS.getProcessCpuTime();
            long start = System.nanoTime();
            job.run();
            wall[i] = (System.nanoTime() - start) / 1e9;
            cpu[i] = (OS.getProcessCpuTime() - cpuStart) / 1e9;
        }

        /** Images per second of the median run, wall clock and CPU. */
        Rate rate(int images) {
            return new Rate(images / median(wall), images / median(cpu));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Jobs timed in the same rounds: their rates, and the ratios of their rates round by round. */
    private record Timed(List<Times> times, int images) {
        List<Rate> rates() {
            return times.stream().map(t -> t.rate(images)).toList();
        }

        /** Median over the rounds of job {@code k}'s rate relative to job {@code base}'s, wall clock. */
        double ratio(int k, int base) {
            return median(times.get(base).wall, times.get(k).wall);
        }

        /** The same for CPU time. */
        double cpuRatio(int k, int base) {
            return median(times.get(base).cpu, times.get(k).cpu);
        }

        /** Median of {@code base[i] / job[i]}: the job's rate relative to the base's, per round. */
        private static double median(double[] base, double[] job) {
            double[] ratio = new double[base.length];
            for (int i = 0; i < ratio.length; i++) {
                ratio[i] = base[i] / job[i];
            }
            return SparkRestoreBench.median(ratio);
        }
    }

    /** Images per second of wall-clock time and of process CPU time. */
    private record Rate(double wall, double cpu) {}
}
