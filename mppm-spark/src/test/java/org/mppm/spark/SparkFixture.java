package org.mppm.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mppm.core.image.degrade.GaussianNoise;
import org.mppm.models.data.MnistData;
import org.mppm.models.dae.Dae;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.nn.AutoencoderSpec;

/**
 * Shared by the Spark tests: one {@code local[2]} session, tiny LMPPM and DAE models (one epoch on
 * 1,000 embedded training digits, a two-level U-Net) saved once per JVM, and the embedded test
 * digits degraded by Gaussian noise 0.5.
 */
final class SparkFixture {
    static final long NOISE_SEED = 16;
    private static SparkSession spark;
    private static Path lmppm;
    private static Path dae;

    private SparkFixture() {}

    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("mppm-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "3")
                    .getOrCreate();
        }
        return spark;
    }

    static synchronized Path lmppm() throws Exception {
        if (lmppm == null) {
            Path dir = java.nio.file.Files.createTempDirectory("mppm-spark-lmppm-").resolve("model");
            try (NDManager nd = NDManager.newBaseManager();
                    Lmppm model = Lmppm.builder().autoencoder(unet()).batchSize(100).epochs(1).patience(1).seed(3)
                            .kernelBandwidth(1).fit(MnistData.embedded().train().head(1000).images(nd))) {
                model.save(dir);
            }
            lmppm = deletedOnExit(dir);
        }
        return lmppm;
    }

    static synchronized Path dae() throws Exception {
        if (dae == null) {
            Path dir = java.nio.file.Files.createTempDirectory("mppm-spark-dae-").resolve("model");
            try (NDManager nd = NDManager.newBaseManager();
                    Dae model = Dae.builder().autoencoder(unet()).batchSize(100).epochs(1).patience(1).seed(4)
                            .fit(MnistData.embedded().train().head(1000).images(nd))) {
                model.save(dir);
            }
            dae = deletedOnExit(dir);
        }
        return dae;
    }

    /** {@code dir} (inside a temporary folder), its files and the folder, removed when the JVM exits. */
    private static Path deletedOnExit(Path dir) throws java.io.IOException {
        dir.getParent().toFile().deleteOnExit();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            files.forEach(f -> f.toFile().deleteOnExit());
        }
        return dir;
    }

    private static AutoencoderSpec unet() {
        return AutoencoderSpec.unet(1, 28, 8, 4, 8);
    }

    /** The first {@code count} embedded test digits {@code [count, 1, 28, 28]}, degraded by noise 0.5. */
    static NDArray degraded(NDManager nd, int count) {
        return new GaussianNoise(0.5).apply(clean(nd, count), NOISE_SEED);
    }

    static NDArray clean(NDManager nd, int count) {
        return MnistData.embedded().test().head(count).images(nd);
    }

    /** Rows (id, values...) of {@code [B, ...]} arrays as array<float> columns named {@code names}. */
    static Dataset<Row> frame(List<NDArray> columns, String... names) {
        int rows = (int) columns.get(0).getShape().get(0);
        List<float[]> values = columns.stream().map(NDArray::toFloatArray).toList();
        StructType schema = new StructType().add("id", DataTypes.IntegerType, false);
        for (String name : names) {
            schema = schema.add(name, DataTypes.createArrayType(DataTypes.FloatType, false), true);
        }
        List<Row> data = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Object[] row = new Object[1 + columns.size()];
            row[0] = r;
            for (int c = 0; c < columns.size(); c++) {
                int size = values.get(c).length / rows;
                row[1 + c] = boxed(Arrays.copyOfRange(values.get(c), r * size, (r + 1) * size));
            }
            data.add(RowFactory.create(row));
        }
        return spark().createDataFrame(data, schema);
    }

    /**
     * The rows sorted by their {@code id} column (sorted here, not with {@code orderBy}: a Spark
     * sort samples its input first, which would run the restoration twice).
     */
    static List<Row> byId(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparingInt(r -> r.getInt(r.fieldIndex("id"))));
        return sorted;
    }

    static List<Float> boxed(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }

    static float[] unboxed(List<?> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }
}
