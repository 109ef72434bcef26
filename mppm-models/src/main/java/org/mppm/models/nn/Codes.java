package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** Latent codes of a whole data set. */
public final class Codes {
    private static final int BATCH = 1024;

    private Codes() {}

    /** {@code F(x)} in batches of 1024 (inference mode): {@code [N, ...] -> [N, d]}, in x's manager. */
    public static NDArray encodeAll(Autoencoder autoencoder, NDArray x) {
        long n = x.getShape().get(0);
        NDList parts = new NDList();
        try (NDManager scope = x.getManager().newSubManager()) {
            for (long start = 0; start < n; start += BATCH) {
                NDArray batch = x.get("{}:{}", start, Math.min(n, start + BATCH));
                batch.attach(scope);
                parts.add(autoencoder.encode(Stores.direct(), batch, false));
            }
            NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
            all.attach(x.getManager());
            return all;
        }
    }
}
