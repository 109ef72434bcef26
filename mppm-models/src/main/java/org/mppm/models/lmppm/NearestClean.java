package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.Scopes;

/**
 * Exact nearest clean sample in pixel space, Eq. 14's {@code x* = argmin_{x~ in X_clean} |x - x~|}:
 * {@code [B, ...] -> [B, ...]}. Batched over the queries and chunked over the clean set
 * ({@code |x|^2 - 2 x.c + |c|^2} by one matrix product per chunk of {@code -2 x} with the
 * transposed clean rows, which scales every product and partial sum by a power of two and so
 * rounds as {@code -2 (x.c)}; running minimum), so a batch of 128 against 60,000 images never holds
 * more than one {@code [B, chunk]} block. Owns one transposed float32 copy of the clean set
 * {@code [P, N]}, from which x* is gathered (plus a copy in the samples' own type when that is not
 * float32): close it when done.
 */
public final class NearestClean implements AutoCloseable {
    private static final int CHUNK = 8192;

    private final NDManager manager;
    /** The clean rows, flattened and transposed: {@code [P, N]} float32. */
    private final NDArray transposed;
    /** Their squared norms {@code [1, N]}. */
    private final NDArray squaredNorms;
    /** The clean samples in their own type, when that is not float32 (else x* comes from {@link #transposed}). */
    private final NDArray clean;
    private final Shape sampleShape;

    /** Indexes the clean samples {@code [N, ...]} (copied). */
    public NearestClean(NDArray cleanSamples) {
        this.manager = NDManager.newBaseManager(cleanSamples.getDevice());
        long n = cleanSamples.getShape().get(0);
        this.sampleShape = cleanSamples.getShape().slice(1);
        try (NDManager scope = cleanSamples.getManager().newSubManager()) {
            NDArray samples = Scopes.alias(cleanSamples, scope);
            NDArray flat = samples.toType(DataType.FLOAT32, false).reshape(n, -1);
            NDList kept = new NDList(flat.transpose().duplicate(), flat.square().sum(new int[] {1}).reshape(1, n));
            if (samples.getDataType() != DataType.FLOAT32) {
                kept.add(samples.duplicate());
            }
            kept.attach(manager);
            this.transposed = kept.get(0);
            this.squaredNorms = kept.get(1);
            this.clean = kept.size() > 2 ? kept.get(2) : null;
        }
    }

    /** The index in the clean set of each query's nearest sample: {@code [B, ...] -> [B]} (int64). */
    public NDArray nearestIndex(NDArray x) {
        return Scopes.scoped(x, in -> {
            long b = in.getShape().get(0);
            long n = transposed.getShape().get(1);
            NDArray q = in.toType(DataType.FLOAT32, false).reshape(b, -1).mul(-2);
            // views of the owned arrays made in this call's scope, not in the index's manager
            NDArray rowsT = Scopes.alias(transposed, in.getManager());
            NDArray norms = Scopes.alias(squaredNorms, in.getManager());
            NDArray best = null;
            NDArray bestIndex = null;
            for (long offset = 0; offset < n; offset += CHUNK) {
                long end = Math.min(n, offset + CHUNK);
                // |c|^2 - 2 x.c (|x|^2 is the same for every candidate)
                NDArray score = q.matMul(rowsT.get(":, {}:{}", offset, end)).addi(norms.get(":, {}:{}", offset, end));
                NDArray arg = score.argMin(1);
                if (n <= CHUNK) {
                    return arg; // one chunk: no running minimum
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
            }
            return bestIndex;
        });
    }

    /** The nearest clean samples themselves, {@code [B, ...]}, in x's manager. */
    public NDArray nearest(NDArray x) {
        return Scopes.scoped(x, in -> {
            NDArray index = nearestIndex(in);
            NDArray rows = clean != null ? clean.get(index)
                    : Scopes.alias(transposed, in.getManager()).transpose().get(index)
                            .reshape(new Shape(index.getShape().get(0)).addAll(sampleShape));
            rows.attach(in.getManager());
            return rows;
        });
    }

    /** The arrays the index owns (for tests: calls must add none). */
    int ownedArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
