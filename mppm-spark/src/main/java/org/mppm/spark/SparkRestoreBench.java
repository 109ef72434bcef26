package org.mppm.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mppm.core.Chunking;
import org.mppm.core.image.degrade.GaussianNoise;
import org.mppm.models.data.MnistData;
import org.mppm.models.io.SavedModels;

/**
 * Restoration throughput of a saved image model on Spark against the same model in one JVM: the
 * first {@code images} embedded MNIST test digits, degraded by Gaussian noise 0.5 (seed 16), are
 * restored by the single-JVM restorer ({@code restore(x, Chunking.of(batchSize))}) and by
 * {@link ImageRestorer} on a local session per master (the frame cached in {@code partitions}
 * partitions first, so reading the input is not timed). Each measurement: one untimed warm-up
 * run (loads the model, compiles), then {@code runs} timed runs, the median counts. Reports
 * images per second for each and the ratios {@code master / first master} and
 * {@code master / single JVM}.
 *
 * @param model      the saved model's directory (its samples must be {@code [1, 28, 28]})
 * @param images     digits restored per run, 1 to 2,000
 * @param batchSize  rows restored together (single JVM: chunk size; Spark: batch per task)
 * @param partitions partitions of the Spark frame
 * @param runs       timed runs per measurement
 */
public record SparkRestoreBench(String model, int images, int batchSize, int partitions, int runs) {

    public SparkRestoreBench {
        if (images < 1 || images > 2000) {
            throw new IllegalArgumentException("images must be 1 to 2000 (the embedded test digits), got " + images);
        }
        if (batchSize < 1 || partitions < 1 || runs < 1) {
            throw new IllegalArgumentException("batchSize, partitions and runs must be >= 1, got " + batchSize + ", "
                    + partitions + ", " + runs);
        }
    }

    /** Times the single JVM, then each master in turn (e.g. {@code local[1]}, {@code local[2]}); keys in that order. */
    public Map<String, Object> run(List<String> masters) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("images", images);
        report.put("batchSize", batchSize);
        report.put("partitions", partitions);
        float[] degraded;
        double single;
        try (NDManager nd = NDManager.newBaseManager(); SavedModels.Opened opened = SavedModels.open(java.nio.file.Path.of(model))) {
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
        report.put("singleJvmImagesPerSecond", single);
        Double first = null;
        for (String master : masters) {
            double r = sparkRate(master, degraded);
            report.put(master + " imagesPerSecond", r);
            report.put(master + " / singleJvm", r / single);
            if (first == null) {
                first = r;
            } else {
                report.put(master + " / " + masters.get(0), r / first);
            }
        }
        return report;
    }

    private double sparkRate(String master, float[] degraded) {
        SparkSession spark = SparkSession.builder().master(master).appName("mppm spark-restore bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            int size = degraded.length / images;
            List<Row> rows = new ArrayList<>(images);
            for (int i = 0; i < images; i++) {
                Float[] v = new Float[size];
                for (int k = 0; k < size; k++) {
                    v[k] = degraded[i * size + k];
                }
                rows.add(RowFactory.create(i, Arrays.asList(v)));
            }
            StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
                    .add("degraded", DataTypes.createArrayType(DataTypes.FloatType, false), false);
            Dataset<Row> frame = spark.createDataFrame(rows, schema).repartition(partitions).cache();
            frame.count();
            ImageRestorer restorer = new ImageRestorer().setModelPath(model).setInputCol("degraded").setBatchSize(batchSize);
            return rate(() -> restorer.transform(frame).count());
        } finally {
            spark.stop();
        }
    }

    /** Images per second: one warm-up, then the median of {@code runs} timed runs. */
    private double rate(Runnable job) {
        job.run();
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            job.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return images / seconds[runs / 2];
    }
}
