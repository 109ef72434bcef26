package org.mppm.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.hadoop.conf.Configuration;

/**
 * A Spark ML {@link Transformer} that restores an image column with a saved mppm model (any
 * model {@link org.mppm.models.io.SavedModels} opens: LMPPM, DAE, MPPM, each with its default
 * restorer).
 *
 * <p>Input column ({@link #inputCol()}, default {@code content}): encoded image bytes (binary, e.g.
 * Spark's {@code binaryFile} source, PNG/JPEG of the model's {@code H x W}; 8-bit samples scaled to
 * [0, 1]) or an array of {@code C * H * W} numbers ({@code [C, H, W]} channel-major). Appended
 * columns: {@link #outputCol()} (default {@code restored}; PNG bytes or {@code array<float>}, see
 * {@link #outputFormat()}), {@link #errorCol()} (default {@code error}: null when the row was
 * restored, else why not), and, when {@link #referenceCol()} names a clean image column of the same
 * kind, {@link #ssimCol()} and {@link #psnrCol()} (per-row SSIM with the Gaussian window and PSNR
 * for R = 1, of the restored against the reference floats). All input columns are kept.
 *
 * <p>A row that cannot be restored (undecodable bytes, wrong size or length, a non-finite value,
 * null) gets a null result and its reason in the error column; with {@link #failOnError()} the
 * job fails instead, naming the row by its {@link #pathCol()} value (default {@code path}) or
 * its position.
 *
 * <p>Each executor JVM loads the model once ({@link ExecutorModels}, keyed by path and checksum) and
 * shares it across its task threads; a task restores its partition {@link #batchSize()} rows at
 * a time. The restored values do not depend on the batch size or the partitioning: they equal
 * the single-JVM {@code restorer.restore(x)} bit for bit (the restorers opened here are
 * deterministic; each batch is restored as a job of its own, sample indices from 0). {@link #write()} / {@link #load} save
 * the parameters (not the model: the model path is a parameter), so the transformer fits in a
 * {@link org.apache.spark.ml.Pipeline}.
 */
public final class ImageRestorer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> outputFormat;
    private final Param<String> errorCol;
    private final Param<String> pathCol;
    private final Param<String> referenceCol;
    private final Param<String> ssimCol;
    private final Param<String> psnrCol;
    private final IntParam batchSize;
    private final BooleanParam failOnError;

    public ImageRestorer() {
        this(Identifiable$.MODULE$.randomUID("mppmImageRestorer"));
    }

    public ImageRestorer(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "directory of the saved mppm model (local, shipped with the job,"
                + " or any Hadoop path), or builtin:NAME for a model shipped in mppm-pretrained");
        inputCol = new Param<>(this, "inputCol", "column of degraded images: encoded bytes or array of C*H*W numbers");
        outputCol = new Param<>(this, "outputCol", "column of restored images to append");
        outputFormat = new Param<>(this, "outputFormat", "png, floats, or auto (png for binary input, floats for arrays)",
                ParamValidators.inArray(new String[] {"auto", "png", "floats"}));
        errorCol = new Param<>(this, "errorCol", "column to append: null when restored, else why the row was not");
        pathCol = new Param<>(this, "pathCol", "column naming each row in errors, if the input has it");
        referenceCol = new Param<>(this, "referenceCol", "optional column of clean images, same kind as the input,"
                + " for per-row SSIM and PSNR");
        ssimCol = new Param<>(this, "ssimCol", "column of per-row SSIM to append when a reference is given");
        psnrCol = new Param<>(this, "psnrCol", "column of per-row PSNR (dB, R = 1) to append when a reference is given");
        batchSize = new IntParam(this, "batchSize", "rows restored together per task, >= 1", ParamValidators.gtEq(1));
        failOnError = new BooleanParam(this, "failOnError", "fail the job on a bad row instead of reporting it");
        setDefault(inputCol, "content");
        setDefault(outputCol, "restored");
        setDefault(outputFormat, "auto");
        setDefault(errorCol, "error");
        setDefault(pathCol, "path");
        setDefault(ssimCol, "ssim");
        setDefault(psnrCol, "psnr");
        setDefault(batchSize, 64);
        setDefault(failOnError, false);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> modelPath() {
        return modelPath;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> outputFormat() {
        return outputFormat;
    }

    public Param<String> errorCol() {
        return errorCol;
    }

    public Param<String> pathCol() {
        return pathCol;
    }

    public Param<String> referenceCol() {
        return referenceCol;
    }

    public Param<String> ssimCol() {
        return ssimCol;
    }

    public Param<String> psnrCol() {
        return psnrCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public BooleanParam failOnError() {
        return failOnError;
    }

    public ImageRestorer setModelPath(String value) {
        return (ImageRestorer) set(modelPath, value);
    }

    public ImageRestorer setInputCol(String value) {
        return (ImageRestorer) set(inputCol, value);
    }

    public ImageRestorer setOutputCol(String value) {
        return (ImageRestorer) set(outputCol, value);
    }

    public ImageRestorer setOutputFormat(String value) {
        return (ImageRestorer) set(outputFormat, value);
    }

    public ImageRestorer setErrorCol(String value) {
        return (ImageRestorer) set(errorCol, value);
    }

    public ImageRestorer setPathCol(String value) {
        return (ImageRestorer) set(pathCol, value);
    }

    public ImageRestorer setReferenceCol(String value) {
        return (ImageRestorer) set(referenceCol, value);
    }

    public ImageRestorer setSsimCol(String value) {
        return (ImageRestorer) set(ssimCol, value);
    }

    public ImageRestorer setPsnrCol(String value) {
        return (ImageRestorer) set(psnrCol, value);
    }

    public ImageRestorer setBatchSize(int value) {
        return (ImageRestorer) set(batchSize, value);
    }

    public ImageRestorer setFailOnError(boolean value) {
        return (ImageRestorer) set(failOnError, value);
    }

    public String getModelPath() {
        return getOrDefault(modelPath);
    }

    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    public boolean getFailOnError() {
        return (Boolean) getOrDefault(failOnError);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!isDefined(modelPath)) {
            throw new IllegalArgumentException("ImageRestorer: modelPath must be set (the saved model's directory)");
        }
        boolean binary = imageColumn(schema, getOrDefault(inputCol), "inputCol") instanceof BinaryType;
        boolean metrics = isDefined(referenceCol);
        if (metrics && imageColumn(schema, getOrDefault(referenceCol), "referenceCol") instanceof BinaryType != binary) {
            throw new IllegalArgumentException("ImageRestorer: referenceCol '" + getOrDefault(referenceCol)
                    + "' must be of the same kind as inputCol '" + getOrDefault(inputCol) + "' (both binary or both arrays)");
        }
        StructType out = schema;
        out = append(out, getOrDefault(outputCol), "outputCol", png(binary) ? DataTypes.BinaryType
                : DataTypes.createArrayType(DataTypes.FloatType, false));
        out = append(out, getOrDefault(errorCol), "errorCol", DataTypes.StringType);
        if (metrics) {
            out = append(out, getOrDefault(ssimCol), "ssimCol", DataTypes.DoubleType);
            out = append(out, getOrDefault(psnrCol), "psnrCol", DataTypes.DoubleType);
        }
        return out;
    }

    /**
     * The input with the restored images, errors and metrics appended (see the class comment). The
     * input is planned now, not when the result is used ({@link InternalRows}: rows are restored in
     * Spark's own format); a streaming input is refused: transform each micro-batch instead.
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        StructType out = transformSchema(schema);
        DataType input = imageColumn(schema, getOrDefault(inputCol), "inputCol");
        String path = getOrDefault(modelPath);
        Map<String, String> hadoop = new HashMap<>();
        if (ExecutorModels.remote(path)) {
            Configuration conf = dataset.sparkSession().sparkContext().hadoopConfiguration();
            conf.forEach(e -> hadoop.put(e.getKey(), e.getValue()));
        }
        String pathName = getOrDefault(pathCol);
        int pathIndex = java.util.Arrays.asList(schema.fieldNames()).indexOf(pathName);
        boolean metrics = isDefined(referenceCol);
        PartitionRestorer.Settings settings = new PartitionRestorer.Settings(path, hadoop, getBatchSize(),
                schema.fieldIndex(getOrDefault(inputCol)), input,
                metrics ? schema.fieldIndex(getOrDefault(referenceCol)) : -1,
                metrics ? imageColumn(schema, getOrDefault(referenceCol), "referenceCol") : null,
                pathIndex, pathIndex >= 0 ? schema.fields()[pathIndex].dataType() : null,
                png(input instanceof BinaryType), getFailOnError());
        return InternalRows.mapPartitions("ImageRestorer", dataset.toDF(), new PartitionRestorer(settings), out);
    }

    @Override
    public ImageRestorer copy(ParamMap extra) {
        return (ImageRestorer) defaultCopy(extra);
    }

    /** Reads a transformer saved by {@link #write()}. */
    public static MLReader<ImageRestorer> read() {
        return new DefaultParamsReader<>();
    }

    /** {@code read().load(path)}. */
    public static ImageRestorer load(String path) {
        return read().load(path);
    }

    private boolean png(boolean binaryInput) {
        String format = getOrDefault(outputFormat);
        return format.equals("png") || format.equals("auto") && binaryInput;
    }

    /**
     * The type of an image column: binary (encoded images) or an array of numbers; fails naming the
     * column if it is absent or holds neither.
     */
    private static DataType imageColumn(StructType schema, String name, String param) {
        if (!java.util.Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("ImageRestorer: " + param + " '" + name + "' is not a column of the input "
                    + java.util.Arrays.toString(schema.fieldNames()));
        }
        DataType type = schema.apply(name).dataType();
        if (type instanceof BinaryType || type instanceof ArrayType a && a.elementType() instanceof NumericType) {
            return type;
        }
        throw new IllegalArgumentException("ImageRestorer: " + param + " '" + name + "' is " + type.simpleString()
                + ", expected binary (encoded images) or an array of numbers");
    }

    private static StructType append(StructType schema, String name, String param, DataType type) {
        if (java.util.Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("ImageRestorer: " + param + " '" + name + "' already exists in the input");
        }
        return schema.add(new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty()));
    }
}
