package org.mppm.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.TaskCompletionListener;
import org.mppm.core.Chunking;
import org.mppm.core.image.metrics.PixelErrors;
import org.mppm.core.image.metrics.Ssim;
import org.mppm.models.io.SavedModels;

/**
 * What {@link ImageRestorer} runs on each partition: takes the JVM's shared model from
 * {@link ExecutorModels}, reads the partition's rows {@code batchSize} at a time, restores the good
 * rows of each batch as one {@code [n, C, H, W]} array ({@code Restorer.restore} in chunks of
 * {@code batchSize}; chunks are padded internally, so the bits do not depend on how rows fall
 * into batches or partitions), and appends to every input row its result, its error (null when
 * it was restored) and, with a reference column, its SSIM (Gaussian window) and PSNR (R = 1).
 *
 * <p>It works on Spark's internal rows ({@link InternalRows}): an input row is kept as Spark
 * stored it, a float array column is read with one copy and a restored one is written with one
 * (an external {@code Row} would box every element of an array). The rows of a batch are copied,
 * since Spark may reuse an input row object.
 */
final class PartitionRestorer implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;

    /**
     * Where the columns are and what to do, as the transformer resolved them against the input
     * schema: image columns are {@link BinaryType} (encoded images) or arrays of numbers; the path
     * column ({@code pathIndex} -1 if absent) may have any type.
     */
    record Settings(String modelPath, Map<String, String> hadoop, int batchSize, int inputIndex, DataType inputType,
                    int referenceIndex, DataType referenceType, int pathIndex, DataType pathType, boolean pngOutput,
                    boolean failOnError) implements Serializable {
        boolean metrics() {
            return referenceIndex >= 0;
        }
    }

    private final Settings settings;

    PartitionRestorer(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> input) {
        if (!input.hasNext()) {
            return Collections.emptyIterator();
        }
        ExecutorModels.Lease lease = ExecutorModels.acquire(settings.modelPath(), settings.hadoop());
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> lease.close());
        }
        SavedModels.Opened model = lease.model();
        ImageCodec codec = new ImageCodec(model.sampleShape());
        int partition = task == null ? 0 : task.partitionId();
        return new Iterator<>() {
            private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();
            private long seen;

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && input.hasNext()) {
                    List<InternalRow> batch = new ArrayList<>(settings.batchSize());
                    while (batch.size() < settings.batchSize() && input.hasNext()) {
                        batch.add(input.next().copy());
                    }
                    ready.addAll(restore(batch, seen, partition, model, codec));
                    seen += batch.size();
                }
                if (ready.isEmpty()) {
                    lease.close();
                    return false;
                }
                return true;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    /** The rows of one batch with their results appended. */
    private List<InternalRow> restore(List<InternalRow> rows, long first, int partition, SavedModels.Opened model,
            ImageCodec codec) {
        int n = rows.size();
        float[][] in = new float[n][];
        float[][] reference = new float[n][];
        String[] error = new String[n];
        for (int i = 0; i < n; i++) {
            InternalRow row = rows.get(i);
            try {
                in[i] = read(codec, row, settings.inputIndex(), settings.inputType());
                if (settings.metrics()) {
                    try {
                        reference[i] = read(codec, row, settings.referenceIndex(), settings.referenceType());
                    } catch (ImageCodec.BadRowException e) {
                        throw new ImageCodec.BadRowException("reference: " + e.getMessage());
                    }
                }
            } catch (ImageCodec.BadRowException e) {
                if (settings.failOnError()) {
                    throw new IllegalArgumentException("cannot restore " + name(row, partition, first + i) + ": "
                            + e.getMessage(), e);
                }
                in[i] = null;
                error[i] = e.getMessage();
            }
        }
        int[] good = java.util.stream.IntStream.range(0, n).filter(i -> in[i] != null).toArray();
        float[][] out = new float[n][];
        double[] ssim = new double[n];
        double[] psnr = new double[n];
        if (good.length > 0) {
            try {
                restoreGood(model, codec, good, in, reference, out, ssim, psnr);
            } catch (RuntimeException e) {
                if (settings.failOnError()) {
                    throw new IllegalStateException("cannot restore the batch of " + good.length + " rows starting at "
                            + name(rows.get(good[0]), partition, first + good[0]) + ": " + e.getMessage(), e);
                }
                for (int i : good) {
                    out[i] = null;
                    error[i] = "restoration failed: " + e.getMessage();
                }
            }
        }
        List<InternalRow> result = new ArrayList<>(n);
        boolean image = model.sampleShape().dimension() == 3;
        for (int i = 0; i < n; i++) {
            boolean restored = out[i] != null;
            Object[] values = new Object[settings.metrics() ? 4 : 2];
            values[0] = !restored ? null
                    : settings.pngOutput() ? codec.png(out[i]) : UnsafeArrayData.fromPrimitiveArray(out[i]);
            values[1] = UTF8String.fromString(error[i]);
            if (settings.metrics()) {
                values[2] = restored && image ? ssim[i] : null;
                values[3] = restored && image ? psnr[i] : null;
            }
            result.add(new JoinedRow(rows.get(i), new GenericInternalRow(values)));
        }
        return result;
    }

    /** Restores the rows {@code good} as one array and fills {@code out} (and the metrics) for them. */
    private void restoreGood(SavedModels.Opened model, ImageCodec codec, int[] good, float[][] in, float[][] reference,
            float[][] out, double[] ssim, double[] psnr) {
        int size = codec.size();
        float[] flat = new float[good.length * size];
        for (int k = 0; k < good.length; k++) {
            System.arraycopy(in[good[k]], 0, flat, k * size, size);
        }
        Shape shape = new Shape(good.length).addAll(model.sampleShape());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray degraded = manager.create(flat, shape);
            NDArray restored = model.restorer().restore(degraded, Chunking.of(settings.batchSize()));
            float[] values = restored.toFloatArray();
            for (int k = 0; k < good.length; k++) {
                out[good[k]] = Arrays.copyOfRange(values, k * size, (k + 1) * size);
            }
            if (settings.metrics() && model.sampleShape().dimension() == 3) {
                float[] ref = new float[flat.length];
                for (int k = 0; k < good.length; k++) {
                    System.arraycopy(reference[good[k]], 0, ref, k * size, size);
                }
                NDArray clean = manager.create(ref, shape);
                double[] s = Ssim.gaussian().perImage(restored, clean);
                double[] p = PixelErrors.psnr(restored, clean, 1.0);
                for (int k = 0; k < good.length; k++) {
                    ssim[good[k]] = s[k];
                    psnr[good[k]] = p[k];
                }
            }
        }
    }

    private static float[] read(ImageCodec codec, InternalRow row, int index, DataType type) {
        if (row.isNullAt(index)) {
            throw new ImageCodec.BadRowException("the value is null");
        }
        return type instanceof BinaryType ? ImageCodec.requireFinite(codec.decode(row.getBinary(index)))
                : codec.values(row.getArray(index), ((ArrayType) type).elementType());
    }

    /** The row's path if the input has one, else its position. */
    private String name(InternalRow row, int partition, long index) {
        if (settings.pathIndex() >= 0 && !row.isNullAt(settings.pathIndex())) {
            return String.valueOf(row.get(settings.pathIndex(), settings.pathType()));
        }
        return "row " + index + " of partition " + partition;
    }
}
