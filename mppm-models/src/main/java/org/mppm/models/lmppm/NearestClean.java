package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.mppm.core.Scopes;

/**
 * Exact nearest clean sample in pixel space, Eq. 14's {@code x* = argmin_{x~ in X_clean} |x - x~|}:
 * {@code [B, ...] -> [B, ...]}. Batched over the queries and chunked over the clean set
 * ({@code |x|^2 - 2 x.c + |c|^2} by one matrix product per chunk with the chunk's rows stored as
 * {@code -2 c}, which scales every product and partial sum by a power of two and so rounds as
 * {@code -2 (x.c)}; running minimum), so a batch of 128 against 60,000 images never holds more
 * than one {@code [B, chunk]} block. Owns a flattened copy of the clean set: close it when done.
 */
public final class NearestClean implements AutoCloseable {
    private static final int CHUNK = 8192;

    private final NDManager manager;
    private final NDArray clean;
    /** Per chunk: the transposed rows times -2 [P, C] and their squared norms [1, C]. */
    private final List<NDList> chunks = new ArrayList<>();

    /** Indexes the clean samples {@code [N, ...]} (copied, float32). */
    public NearestClean(NDArray cleanSamples) {
        this.manager = NDManager.newBaseManager(cleanSamples.getDevice());
        long n = cleanSamples.getShape().get(0);
        try (NDManager scope = cleanSamples.getManager().newSubManager()) {
            NDArray samples = Scopes.alias(cleanSamples, scope);
            NDArray flat = samples.toType(DataType.FLOAT32, false).reshape(n, -1).duplicate();
            this.clean = samples.duplicate();
            clean.attach(manager);
            for (long start = 0; start < n; start += CHUNK) {
                long end = Math.min(n, start + CHUNK);
                NDArray rows = flat.get(new NDIndex("{}:{}", start, end));
                NDList kept = new NDList(rows.transpose().mul(-2), rows.square().sum(new int[] {1}).reshape(1, end - start));
                kept.attach(manager);
                chunks.add(kept);
            }
        }
    }

    /** The index in the clean set of each query's nearest sample: {@code [B, ...] -> [B]} (int64). */
    public NDArray nearestIndex(NDArray x) {
        return Scopes.scoped(x, in -> {
            long b = in.getShape().get(0);
            NDArray q = in.toType(DataType.FLOAT32, false).reshape(b, -1);
            NDArray best = null;
            NDArray bestIndex = null;
            long offset = 0;
            for (NDList chunk : chunks) {
                // |c|^2 - 2 x.c (|x|^2 is the same for every candidate)
                NDArray score = q.matMul(chunk.get(0)).addi(chunk.get(1));
                NDArray arg = score.argMin(1);
                if (chunks.size() == 1) {
                    return arg;
                }
                NDArray min = score.min(new int[] {1});
                arg.addi(offset);
                if (best == null) {
                    best = min;
                    bestIndex = arg;
                } else {
                    NDArray better = min.lt(best);
                    bestIndex = arg.mul(better.toType(DataType.INT64, false))
                            .addi(bestIndex.mul(better.logicalNot().toType(DataType.INT64, false)));
                    best = best.minimum(min);
                }
                offset += chunk.get(0).getShape().get(1);
            }
            return bestIndex;
        });
    }

    /** The nearest clean samples themselves, {@code [B, ...]}, in x's manager. */
    public NDArray nearest(NDArray x) {
        return Scopes.scoped(x, in -> {
            NDArray index = nearestIndex(in);
            NDArray rows = clean.get(index);
            rows.attach(in.getManager());
            return rows;
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
