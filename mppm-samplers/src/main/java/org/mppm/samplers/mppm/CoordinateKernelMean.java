package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.mppm.core.Checks;
import org.mppm.core.Scopes;
import org.mppm.core.SeededIndices;

/**
 * The authors' kernel mean (their public code; mppm-notes.md), an option next to Eq. 15: each
 * coordinate i of z-bar is a softmax-weighted mean over a batch of m codes, with a Laplacian kernel
 * on that coordinate alone, {@code z-bar_i = sum_k w_{k,i} s_{k,i}},
 * {@code w_{k,i} = softmax_k(-|z_i - s_{k,i}| / sigma)}. Their code uses one random batch of 128
 * codes and sigma 1 (MNIST) or 10 (faces); here the batch is drawn once, by seed, without
 * replacement, when this target is made (all codes when m >= N).
 *
 * <p>{@code [B, d] -> [B, d]}; the result belongs to z's manager. Owns a copy of its batch of codes:
 * close it when done. Work is {@code B x m x d} per call.
 */
public final class CoordinateKernelMean implements PullTarget, AutoCloseable {
    private final NDManager manager;
    private final NDArray batch;
    private final double sigma;

    /**
     * @param codes the training codes S {@code [N, d]}, finite
     * @param sigma the Laplacian bandwidth (> 0)
     * @param m     the batch size (>= 1)
     * @param seed  chooses the batch
     */
    public CoordinateKernelMean(NDArray codes, double sigma, int m, long seed) {
        Checks.requireBatch("codes", codes);
        if (codes.getShape().dimension() != 2) {
            throw new IllegalArgumentException("codes must be [N, d], got " + codes.getShape());
        }
        Checks.requireData("codes", codes);
        this.sigma = Checks.requirePositive("sigma", sigma);
        Checks.requireAtLeast("m", m, 1);
        int n = Math.toIntExact(codes.getShape().get(0));
        long[] picked = Arrays.stream(SeededIndices.choose(n, Math.min(m, n), seed)).asLongStream().toArray();
        this.manager = NDManager.newBaseManager(codes.getDevice());
        try (NDManager scope = codes.getManager().newSubManager()) {
            NDArray chosen = codes.get(scope.create(picked));
            chosen.attach(manager);
            this.batch = chosen;
        }
    }

    /** The batch of codes the mean is taken over, {@code [m, d]}. */
    public NDArray batch() {
        return batch;
    }

    @Override
    public NDArray target(NDArray z) {
        Checks.requirePoints("z", z, Math.toIntExact(batch.getShape().get(1)));
        return Scopes.scoped(z, in -> {
            // the batch in this scope's type, so that no op starts on the long-lived copy
            NDArray s = in.getManager().zeros(batch.getShape(), in.getDataType()).addi(batch); // [m, d]
            NDArray logits = in.expandDims(1).sub(s).abs().muli(-1 / sigma); // [B, m, d]
            return logits.softmax(1).muli(s).sum(new int[] {1});
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
