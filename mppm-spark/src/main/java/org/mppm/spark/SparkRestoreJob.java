package org.mppm.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The {@code spark-restore} job as a library call: reads every image under a directory (Spark's
 * {@code binaryFile} source, recursively; any Hadoop path), restores it with {@link ImageRestorer},
 * writes each restored image as {@code OUT/images/NAME.png} (NAME: the input file's name without
 * its extension; inputs with equal names in different folders overwrite each other) and a Parquet
 * table {@code OUT/metrics.parquet} with one row per input: {@code path}, {@code error} (null when
 * restored) and, when a reference directory holds clean images of the same file names,
 * {@code ssim} and {@code psnr}.
 *
 * @param model      the saved model's directory
 * @param input      directory of degraded images
 * @param reference  directory of clean images matched by file name, or null
 * @param out        output directory
 * @param batchSize  rows restored together per task
 * @param failOnError fail the job on the first bad image instead of recording it
 */
public record SparkRestoreJob(String model, String input, String reference, String out, int batchSize,
                              boolean failOnError) {

    public SparkRestoreJob {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(out, "out");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }

    /** What a run did. */
    public record Summary(long images, long restored, long failed) {}

    /** Runs the job on {@code spark}. */
    public Summary run(SparkSession spark) {
        Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(input)
                .select("path", "content").withColumn("name", fileName(functions.col("path")));
        ImageRestorer restorer = new ImageRestorer().setModelPath(model).setBatchSize(batchSize).setFailOnError(failOnError);
        if (reference != null) {
            Dataset<Row> clean = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(reference)
                    .select(fileName(functions.col("path")).as("name"), functions.col("content").as("reference"));
            files = files.join(clean, "name", "left");
            restorer.setReferenceCol("reference");
        }
        Dataset<Row> restored = restorer.transform(files).drop("content").persist();
        try {
            Map<String, String> hadoop = new HashMap<>();
            spark.sparkContext().hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
            String images = out + "/images";
            restored.select("name", "restored").where(functions.col("restored").isNotNull())
                    .foreachPartition(new PngWriter(images, hadoop));
            Dataset<Row> metrics = reference != null ? restored.select("path", "error", "ssim", "psnr")
                    : restored.select("path", "error");
            metrics.write().mode(SaveMode.Overwrite).parquet(out + "/metrics.parquet");
            long total = restored.count();
            long failed = restored.where(functions.col("error").isNotNull()).count();
            return new Summary(total, total - failed, failed);
        } finally {
            restored.unpersist();
        }
    }

    /** The file name of a path column without its extension. */
    private static Column fileName(Column path) {
        return functions.regexp_extract(path, "([^/]+?)(\\.[^./]*)?$", 1);
    }

    /** Writes each row's PNG bytes as {@code DIR/NAME.png} through Hadoop's file system. */
    private record PngWriter(String dir, Map<String, String> hadoop) implements ForeachPartitionFunction<Row> {
        @Override
        public void call(java.util.Iterator<Row> rows) throws IOException {
            Configuration conf = new Configuration();
            hadoop.forEach(conf::set);
            org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir);
            FileSystem fs = folder.getFileSystem(conf);
            fs.setWriteChecksum(false);
            while (rows.hasNext()) {
                Row row = rows.next();
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(folder, row.getString(0) + ".png");
                try (OutputStream outStream = fs.create(file, true)) {
                    outStream.write((byte[]) row.get(1));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file, e);
                }
            }
        }
    }
}
