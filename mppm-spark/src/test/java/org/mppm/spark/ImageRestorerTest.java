package org.mppm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.image.ImageFiles;
import org.mppm.core.image.metrics.PixelErrors;
import org.mppm.core.image.metrics.Ssim;
import org.mppm.models.io.SavedModels;

/** The transformer on a {@code local[2]} session against the single-JVM restorer of the same saved model. */
class ImageRestorerTest {
    private static NDManager nd;

    @BeforeAll
    static void session() {
        nd = NDManager.newBaseManager();
        SparkFixture.spark();
    }

    @AfterAll
    static void free() {
        nd.close();
    }

    @Test
    void lmppmThroughSparkEqualsTheSingleJvmRestorer() throws Exception {
        assertSameAsSingleJvm(SparkFixture.lmppm());
    }

    @Test
    void daeThroughSparkEqualsTheSingleJvmRestorer() throws Exception {
        assertSameAsSingleJvm(SparkFixture.dae());
    }

    @Test
    void aShippedModelNamedBuiltinRestoresAsTheSingleJvmRestorer() {
        assertSameAsSingleJvm(SavedModels.BUILTIN + "mnist-lmppm", 200);
    }

    private static void assertSameAsSingleJvm(Path model) {
        assertSameAsSingleJvm(model.toString(), 2000);
    }

    /** {@code n} degraded test digits in 3 partitions, batches of 48 rows: the same bits as one restore call. */
    private static void assertSameAsSingleJvm(String model, int n) {
        NDArray degraded = SparkFixture.degraded(nd, n);
        float[] expected;
        try (SavedModels.Opened single = SavedModels.open(model)) {
            expected = single.restorer().restore(degraded).toFloatArray();
        }
        Dataset<Row> input = SparkFixture.frame(List.of(degraded), "degraded").repartition(3);
        long loads = ExecutorModels.loads();
        List<Row> rows = SparkFixture.byId(new ImageRestorer().setModelPath(model).setInputCol("degraded").setBatchSize(48)
                .transform(input).collectAsList());
        assertEquals(1, ExecutorModels.loads() - loads, "the model is loaded once per JVM, shared by both task threads");
        assertEquals(n, rows.size());
        int size = 28 * 28;
        double maxDiff = 0;
        for (Row row : rows) {
            int id = row.getInt(0);
            assertNull(row.getAs("error"), () -> "row " + id + ": " + row.getAs("error"));
            float[] got = SparkFixture.unboxed(row.getList(row.fieldIndex("restored")));
            for (int k = 0; k < size; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(got[k] - expected[id * size + k]));
            }
        }
        assertEquals(0.0, maxDiff, "largest difference from the single-JVM restorer");
    }

    @Test
    void binaryFilesGivePngsAndBadFilesGiveNullWithTheirReason(@TempDir Path dir) throws Exception {
        Path model = SparkFixture.dae();
        NDArray degraded = SparkFixture.degraded(nd, 20);
        float[] values = degraded.toFloatArray();
        int size = 28 * 28;
        for (int i = 0; i < 20; i++) {
            float[] image = java.util.Arrays.copyOfRange(values, i * size, (i + 1) * size);
            ImageFiles.writePng(ImageFiles.toImage(image, 1, 28, 28), dir.resolve(String.format("digit-%02d.png", i)));
        }
        Files.write(dir.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        ImageFiles.writePng(new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY), dir.resolve("large.png"));
        Dataset<Row> files = SparkFixture.spark().read().format("binaryFile").load(dir.toString());

        List<Row> rows = new ImageRestorer().setModelPath(model.toString()).setBatchSize(7).transform(files)
                .collectAsList();
        assertEquals(22, rows.size());
        Map<String, Row> byName = new HashMap<>();
        rows.forEach(r -> byName.put(Path.of(java.net.URI.create(r.getAs("path"))).getFileName().toString(), r));

        Row corrupt = byName.get("corrupt.png");
        assertNull(corrupt.getAs("restored"));
        assertTrue(((String) corrupt.getAs("error")).contains("undecodable image bytes"), (String) corrupt.getAs("error"));
        Row large = byName.get("large.png");
        assertNull(large.getAs("restored"));
        assertTrue(((String) large.getAs("error")).contains("30 x 30 pixels, the model takes 28 x 28"),
                (String) large.getAs("error"));

        // the good rows: what the single-JVM restorer makes of the decoded PNGs, written as PNGs
        float[] decoded = new float[20 * size];
        for (int i = 0; i < 20; i++) {
            float[] pixels = ImageFiles.pixels(ImageFiles.read(dir.resolve(String.format("digit-%02d.png", i))), 1);
            System.arraycopy(pixels, 0, decoded, i * size, size);
        }
        float[] expected;
        try (SavedModels.Opened single = SavedModels.open(model)) {
            expected = single.restorer().restore(nd.create(decoded, new Shape(20, 1, 28, 28))).toFloatArray();
        }
        for (int i = 0; i < 20; i++) {
            Row row = byName.get(String.format("digit-%02d.png", i));
            assertNull(row.getAs("error"));
            BufferedImage png = ImageIO.read(new ByteArrayInputStream((byte[]) row.getAs("restored")));
            float[] want = ImageFiles.pixels(ImageFiles.toImage(java.util.Arrays.copyOfRange(expected, i * size,
                    (i + 1) * size), 1, 28, 28), 1);
            assertArrayEquals(want, ImageFiles.pixels(png, 1), "digit " + i);
        }
    }

    @Test
    void failOnErrorFailsTheJobNamingTheRowsPath(@TempDir Path dir) throws Exception {
        ImageFiles.writePng(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), dir.resolve("fine.png"));
        Files.write(dir.resolve("broken.png"), new byte[] {1, 2, 3, 4});
        Dataset<Row> files = SparkFixture.spark().read().format("binaryFile").load(dir.toString());
        ImageRestorer restorer = new ImageRestorer().setModelPath(SparkFixture.dae().toString()).setFailOnError(true);
        Exception e = assertThrows(Exception.class, () -> restorer.transform(files).collectAsList());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("cannot restore " + dir.toUri().toString().replaceAll("/$", "")
                + "/broken.png") || messages.toString().matches("(?s).*cannot restore file:\\S*broken\\.png.*"),
                messages.toString());
    }

    @Test
    void referenceColumnGivesPerRowSsimAndPsnrAndNanRowsAreReported() throws Exception {
        Path model = SparkFixture.lmppm();
        NDArray clean = SparkFixture.clean(nd, 24);
        NDArray degraded = SparkFixture.degraded(nd, 24);
        float[] values = degraded.toFloatArray();
        values[5 * 784 + 100] = Float.NaN;
        NDArray withNan = nd.create(values, degraded.getShape());
        List<Row> rows = SparkFixture.byId(new ImageRestorer().setModelPath(model.toString()).setInputCol("degraded")
                .setReferenceCol("clean").setBatchSize(10)
                .transform(SparkFixture.frame(List.of(withNan, clean), "degraded", "clean")).collectAsList());

        Row nan = rows.get(5);
        assertNull(nan.getAs("restored"));
        assertNull(nan.getAs("ssim"));
        assertTrue(((String) nan.getAs("error")).contains("value 100 is NaN"), (String) nan.getAs("error"));

        try (SavedModels.Opened single = SavedModels.open(model)) {
            NDArray restored = single.restorer().restore(degraded);
            double[] ssim = Ssim.gaussian().perImage(restored, clean);
            double[] psnr = PixelErrors.psnr(restored, clean, 1.0);
            for (int i = 0; i < 24; i++) {
                if (i == 5) {
                    continue;
                }
                Row row = rows.get(i);
                assertNull(row.getAs("error"));
                assertEquals(ssim[i], (Double) row.getAs("ssim"), 1e-9, "SSIM of row " + i);
                assertEquals(psnr[i], (Double) row.getAs("psnr"), 1e-9, "PSNR of row " + i);
            }
        }
    }

    @Test
    void inputColumnsAreKeptWithTheirValuesAndTypes() throws Exception {
        int size = 28 * 28;
        NDArray degraded = SparkFixture.degraded(nd, 12);
        float[] values = degraded.toFloatArray();
        values[3 * size + 7] = Float.NaN;
        Dataset<Row> input = SparkFixture.frame(List.of(nd.create(values, degraded.getShape())), "degraded")
                .withColumn("wide", functions.col("degraded").cast("array<double>"));
        ImageRestorer restorer = new ImageRestorer().setModelPath(SparkFixture.dae().toString()).setBatchSize(5);
        List<Row> fromFloats = SparkFixture.byId(restorer.setInputCol("degraded").transform(input).collectAsList());
        List<Row> fromDoubles = SparkFixture.byId(restorer.setInputCol("wide").transform(input).collectAsList());
        for (int i = 0; i < 12; i++) {
            float[] original = java.util.Arrays.copyOfRange(values, i * size, (i + 1) * size);
            for (Row row : List.of(fromFloats.get(i), fromDoubles.get(i))) {
                assertArrayEquals(original, SparkFixture.unboxed(row.getList(row.fieldIndex("degraded"))), "row " + i);
                List<Object> wide = row.getList(row.fieldIndex("wide"));
                assertEquals(Double.class, wide.get(0).getClass());
                assertArrayEquals(original, SparkFixture.unboxed(wide), "row " + i);
            }
            if (i == 3) {
                assertNull(fromFloats.get(i).getAs("restored"));
                assertTrue(((String) fromFloats.get(i).getAs("error")).contains("value 7 is NaN"));
            } else {
                assertEquals(fromFloats.get(i).getList(fromFloats.get(i).fieldIndex("restored")),
                        fromDoubles.get(i).getList(fromDoubles.get(i).fieldIndex("restored")), "row " + i);
            }
        }
    }

    @Test
    void survivesWriteAndLoadInsideAPipeline(@TempDir Path dir) throws Exception {
        Path model = SparkFixture.dae();
        ImageRestorer stage = new ImageRestorer().setModelPath(model.toString()).setInputCol("degraded")
                .setOutputCol("out").setBatchSize(5).setFailOnError(true);
        Dataset<Row> input = SparkFixture.frame(List.of(SparkFixture.degraded(nd, 12)), "degraded");
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {stage}).fit(input);
        String saved = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(saved);
        PipelineModel loaded = PipelineModel.load(saved);

        ImageRestorer back = (ImageRestorer) loaded.stages()[0];
        assertEquals(stage.uid(), back.uid());
        assertEquals(model.toString(), back.getModelPath());
        assertEquals(5, back.getBatchSize());
        assertTrue(back.getFailOnError());
        List<Row> before = SparkFixture.byId(fitted.transform(input).collectAsList());
        List<Row> after = SparkFixture.byId(loaded.transform(input).collectAsList());
        assertEquals(12, after.size());
        for (int i = 0; i < 12; i++) {
            assertNotNull(after.get(i).getAs("out"));
            assertEquals(before.get(i).getList(before.get(i).fieldIndex("out")),
                    after.get(i).getList(after.get(i).fieldIndex("out")));
        }
        String single = dir.resolve("stage").toString();
        stage.write().save(single);
        assertEquals(stage.extractParamMap().toString(), ImageRestorer.load(single).extractParamMap().toString()
                .replace(ImageRestorer.load(single).uid(), stage.uid()));
    }

    @Test
    void badSettingsAreNamed() {
        Dataset<Row> input = SparkFixture.frame(List.of(SparkFixture.degraded(nd, 2)), "degraded");
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> new ImageRestorer().setInputCol("degraded").transform(input));
        assertTrue(noModel.getMessage().contains("modelPath must be set"), noModel.getMessage());
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                () -> new ImageRestorer().setModelPath("m").transform(input));
        assertTrue(column.getMessage().contains("inputCol 'content' is not a column"), column.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> new ImageRestorer().setModelPath("m").setInputCol("id").transform(input));
        assertTrue(type.getMessage().contains("expected binary (encoded images) or an array of numbers"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImageRestorer().setBatchSize(0));
        Dataset<Row> stream = SparkFixture.spark().readStream().format("rate").load()
                .selectExpr("array(cast(value as float)) as degraded");
        IllegalArgumentException streaming = assertThrows(IllegalArgumentException.class,
                () -> new ImageRestorer().setModelPath("m").setInputCol("degraded").transform(stream));
        assertTrue(streaming.getMessage().contains("streaming frame cannot be transformed as a whole"),
                streaming.getMessage());
    }
}
