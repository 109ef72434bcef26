package org.mppm.spark;

import com.google.gson.GsonBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.mppm.models.io.SavedModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-restore}: restores a directory of images on Spark ({@link SparkRestoreJob}) or,
 * with {@code --bench}, times restoration on local masters against the single JVM
 * ({@link SparkRestoreBench}). Images that cannot be restored do not fail the command (exit 0);
 * they are listed with their reason in {@code metrics.parquet}, unless {@code --fail-on-error}. Run it with {@code spark-submit --class org.mppm.spark.SparkRestore}
 * (the master then comes from spark-submit) or directly with {@code --master}.
 */
@Command(name = "spark-restore", mixinStandardHelpOptions = true,
        description = "Restore a directory of images with a saved mppm model on Apache Spark; --bench times it.")
public final class SparkRestore implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--master", description = "Spark master, e.g. local[*] (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--model", required = true, description = "Saved model directory (local, shipped with --archives, or a Hadoop path), "
            + "or builtin:NAME (a model of mppm-pretrained, e.g. builtin:mnist-lmppm).")
    String model;

    @Option(names = "--input", description = "Directory of degraded images (PNG, JPEG); any Hadoop path.")
    String input;

    @Option(names = "--reference", description = "Directory of clean images with the same file names, for SSIM and PSNR.")
    String reference;

    @Option(names = "--out", description = "Output directory: images/NAME.png and metrics.parquet.")
    String out;

    @Option(names = "--batch-size", defaultValue = "64", description = "Rows restored together per task (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--fail-on-error", description = "Fail the job on a bad image instead of recording it in metrics.parquet.")
    boolean failOnError;

    @Option(names = "--bench", description = "Time the model on 2,000 degraded MNIST test digits: single JVM, local[1], local[2].")
    boolean bench;

    @Option(names = "--bench-images", defaultValue = "2000", description = "Digits per bench run (default: ${DEFAULT-VALUE}).")
    int benchImages;

    @Option(names = "--bench-warmup", defaultValue = "30", description = "Untimed runs before each bench measurement,"
            + " so the JIT has compiled the steady state (default: ${DEFAULT-VALUE}).")
    int benchWarmup;

    @Option(names = "--bench-runs", defaultValue = "9", description = "Timed rounds (a Spark run and the single-JVM runs) per master; the medians count (default: ${DEFAULT-VALUE}).")
    int benchRuns;

    @Option(names = "--bench-partitions", defaultValue = "4", description = "Partitions of the bench's Spark frame (default: ${DEFAULT-VALUE}).")
    int benchPartitions;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkRestore()).execute(args));
    }

    @Override
    public Integer call() {
        if (batchSize < 1) {
            return usage("--batch-size must be >= 1, got " + batchSize);
        }
        if (model.startsWith(SavedModels.BUILTIN)
                && !SavedModels.builtinNames().contains(model.substring(SavedModels.BUILTIN.length()))) {
            List<String> shipped = SavedModels.builtinNames();
            return usage("--model " + model + " names no shipped model; available: "
                    + (shipped.isEmpty() ? "none (add mppm.jar or mppm-pretrained to the class path)" : String.join(", ", shipped)));
        }
        if (bench) {
            if (benchImages < 1 || benchImages > 2000) {
                return usage("--bench-images must be 1 to 2000 (the embedded test digits), got " + benchImages);
            }
            if (benchWarmup < 1) {
                return usage("--bench-warmup must be >= 1, got " + benchWarmup);
            }
            if (benchRuns < 1) {
                return usage("--bench-runs must be >= 1, got " + benchRuns);
            }
            if (benchPartitions < 1) {
                return usage("--bench-partitions must be >= 1, got " + benchPartitions);
            }
            Map<String, Object> report = new SparkRestoreBench(model, benchImages, batchSize, benchPartitions, benchWarmup,
                    benchRuns)
                    .run(List.of("local[1]", "local[2]"));
            spec.commandLine().getOut().println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(report));
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (input == null || out == null) {
            return usage("--input and --out are required (or --bench)");
        }
        SparkSession.Builder builder = SparkSession.builder().appName("mppm spark-restore");
        if (master != null) {
            builder.master(master);
        } else if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            SparkRestoreJob.Summary summary = new SparkRestoreJob(model, input, reference, out, batchSize, failOnError).run(spark);
            spec.commandLine().getOut().printf("restored %d of %d images (%d failed, see %s/metrics.parquet)%n",
                    summary.restored(), summary.images(), summary.failed(), out);
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            spark.stop();
        }
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("spark-restore: " + message);
        spec.commandLine().getErr().flush();
        return 2;
    }
}
