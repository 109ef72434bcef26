package org.mppm.core;

import ai.djl.ndarray.NDArray;

/**
 * A Gaussian kernel density over a set of codes S (Eq. 5):
 * {@code P_ker(z) = 1/Q sum_{a in S} exp(-|z - z_a|^2 / (2 sigma_ker^2))}.
 *
 * <p>Results are owned by the manager of the input array.
 */
public interface KernelDensity {

    /** Dimension d of the codes. */
    int dimension();

    /** Number of codes in S. */
    long size();

    /** The bandwidth sigma_ker. */
    double bandwidth();

    /** The normalised log density {@code log P_ker(z)}: {@code [B, d] -> [B]}. */
    NDArray logDensity(NDArray z);

    /** The kernel mean z-bar of Eq. 15, the softmax-weighted mean of S: {@code [B, d] -> [B, d]}. */
    NDArray kernelMean(NDArray z);

    /** The score {@code grad log P_ker(z) = (z-bar - z) / sigma_ker^2}: {@code [B, d] -> [B, d]}. */
    default NDArray score(NDArray z) {
        try (NDArray mean = kernelMean(z)) {
            return mean.sub(z).divi(bandwidth() * bandwidth());
        }
    }

    /** A kernel density that owns a copy of its codes: close it when done. */
    interface Owned extends KernelDensity, AutoCloseable {
        /** Frees the codes; later calls fail with a clear message. */
        @Override
        void close();
    }
}
