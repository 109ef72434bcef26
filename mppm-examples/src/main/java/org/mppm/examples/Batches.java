package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.function.UnaryOperator;

/** Applies a batched operation to {@code [N, ...]} in consecutive chunks of rows, so memory stays bounded. */
final class Batches {
    private Batches() {}

    /** {@code f} on rows {@code [0, chunk), [chunk, 2 chunk), ...} of x, concatenated along axis 0. */
    static NDArray map(UnaryOperator<NDArray> f, NDArray x, int chunk) {
        long n = x.getShape().get(0);
        NDList parts = new NDList();
        for (long start = 0; start < n; start += chunk) {
            parts.add(f.apply(x.get("{}:{}", start, Math.min(n, start + chunk))));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
    }
}
