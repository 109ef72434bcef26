package org.mppm.core.density;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.mppm.core.Checks;
import org.mppm.core.KernelDensity;
import org.mppm.core.Scopes;

/**
 * The Gaussian kernel density of Eq. 5 over a set of codes S ({@code [N, d]}), normalised:
 * {@code log P(z) = LSE_a(-|z - s_a|^2 / (2 sigma^2)) - log N - (d/2) log(2 pi sigma^2)}, and
 * its kernel mean (Eq. 15) {@code z-bar = sum_a w_a s_a} with {@code w = softmax_a(-|z - s_a|^2 / (2 sigma^2))}.
 *
 * <p>Numerically stable (log-sum-exp with a running maximum) and chunked over S: a query batch
 * {@code [B, d]} meets S one chunk {@code [C, d]} at a time, so memory is {@code O(B C)} whatever
 * N is (60,000 codes against 1,024 queries never hold a {@code [1024, 60000]} matrix).
 *
 * <p>Owns a copy of the codes in its own manager (on the codes' device): close it when done.
 * Thread-safe to call.
 */
public final class GaussianKernelDensity implements KernelDensity, AutoCloseable {
    /** Default number of codes per chunk. */
    public static final int DEFAULT_CHUNK = 4096;

    private final NDManager manager;
    private final int dimension;
    private final long size;
    private final double bandwidth;
    private final DataType type;
    /** Per chunk: the codes [C, d], their transpose [d, C] and squared norms [1, C]. */
    private final List<NDList> chunks;

    private GaussianKernelDensity(NDArray codes, double bandwidth, int chunk) {
        Checks.requireBatch("codes", codes);
        if (codes.getShape().dimension() != 2) {
            throw new IllegalArgumentException("codes must have shape [N, d], got " + codes.getShape());
        }
        Checks.requireFinite("codes", codes);
        this.bandwidth = Checks.requirePositive("bandwidth", bandwidth);
        Checks.requireAtLeast("chunk", chunk, 1);
        this.manager = NDManager.newBaseManager(codes.getDevice());
        this.dimension = Math.toIntExact(codes.getShape().get(1));
        this.size = codes.getShape().get(0);
        this.type = codes.getDataType();
        this.chunks = new ArrayList<>();
        try (NDManager scope = codes.getManager().newSubManager()) {
            codes.tempAttach(scope);
            for (long start = 0; start < size; start += chunk) {
                long end = Math.min(size, start + chunk);
                NDArray c = codes.get(new NDIndex("{}:{}", start, end)).duplicate();
                NDArray t = c.transpose().duplicate();
                NDArray sq = c.square().sum(new int[] {1}).reshape(1, end - start);
                NDList kept = new NDList(c, t, sq);
                kept.attach(manager);
                chunks.add(kept);
            }
        }
    }

    /** A density over the codes {@code [N, d]} (copied) with bandwidth sigma_ker. */
    public static GaussianKernelDensity of(NDArray codes, double bandwidth) {
        return new GaussianKernelDensity(codes, bandwidth, DEFAULT_CHUNK);
    }

    /** As {@link #of(NDArray, double)}, with C codes per chunk. */
    public static GaussianKernelDensity of(NDArray codes, double bandwidth, int chunk) {
        return new GaussianKernelDensity(codes, bandwidth, chunk);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public double bandwidth() {
        return bandwidth;
    }

    /** The codes' element type; queries are computed in it. */
    public DataType dataType() {
        return type;
    }

    @Override
    public NDArray logDensity(NDArray z) {
        Checks.requirePoints("z", z, dimension);
        return Scopes.scoped(z, in -> {
            NDArray q = in.toType(type, false);
            Accumulator acc = accumulate(q, false);
            double logNorm = Math.log(size) + 0.5 * dimension * Math.log(2 * Math.PI * bandwidth * bandwidth);
            return acc.max.add(acc.sum.log()).subi(logNorm).squeeze(1).toType(in.getDataType(), false);
        });
    }

    @Override
    public NDArray kernelMean(NDArray z) {
        Checks.requirePoints("z", z, dimension);
        return Scopes.scoped(z, in -> {
            NDArray q = in.toType(type, false);
            Accumulator acc = accumulate(q, true);
            return acc.weighted.div(acc.sum).toType(in.getDataType(), false);
        });
    }

    /** Running log-sum-exp over the chunks: max [B, 1], sum of exp(logit - max) [B, 1], weighted sum [B, d]. */
    private Accumulator accumulate(NDArray q, boolean withMean) {
        double scale = -1 / (2 * bandwidth * bandwidth);
        NDArray qq = q.square().sum(new int[] {1}, true);
        Accumulator acc = new Accumulator();
        for (NDList chunk : chunks) {
            // -|q - s|^2 / (2 sigma^2), the squared distance clamped at 0 against cancellation
            NDArray sq = q.matMul(chunk.get(1)).muli(-2).addi(qq).addi(chunk.get(2)).maximum(0);
            NDArray logits = sq.muli(scale);
            NDArray chunkMax = logits.max(new int[] {1}, true);
            if (acc.max == null) {
                acc.max = chunkMax;
                NDArray e = logits.sub(chunkMax).exp();
                acc.sum = e.sum(new int[] {1}, true);
                acc.weighted = withMean ? e.matMul(chunk.get(0)) : null;
            } else {
                NDArray max = acc.max.maximum(chunkMax);
                NDArray carry = acc.max.sub(max).exp();
                NDArray e = logits.sub(max).exp();
                acc.sum = acc.sum.mul(carry).addi(e.sum(new int[] {1}, true));
                if (withMean) {
                    acc.weighted = acc.weighted.mul(carry).addi(e.matMul(chunk.get(0)));
                }
                acc.max = max;
            }
        }
        return acc;
    }

    private static final class Accumulator {
        NDArray max;
        NDArray sum;
        NDArray weighted;
    }

    @Override
    public void close() {
        manager.close();
    }
}
