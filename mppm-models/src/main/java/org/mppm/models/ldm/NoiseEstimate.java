package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;

/**
 * An estimate of the noise in a diffused code: {@code eps(z_t, t)}, {@code [B, d] -> [B, d]}, the
 * result in z_t's manager. A trained {@link NoisePredictor} is one; an exact (oracle) formula is
 * another, which lets the sampler be tested without training.
 */
@FunctionalInterface
public interface NoiseEstimate {

    /**
     * @param zt codes at step t {@code [B, d]}
     * @param t  the step, {@code 1 <= t <= T}
     */
    NDArray eps(NDArray zt, int t);
}
