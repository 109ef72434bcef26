package org.mppm.core;

import ai.djl.ndarray.NDArray;

/**
 * A denoiser {@code D(x; sigma)}: the estimate of the clean point given {@code x = y + sigma n}
 * (EDM, Karras et al. 2022): {@code [B, ...] -> [B, ...]}. Results are owned by the manager of the
 * input array.
 */
@FunctionalInterface
public interface Denoiser {

    /** The denoised estimate at noise level {@code sigma > 0}, same shape as x. */
    NDArray denoise(NDArray x, double sigma);

    /** The score of the noised density, {@code (D(x; sigma) - x) / sigma^2} (Tweedie / EDM). */
    default ScoreFunction asScore() {
        return (x, sigma) -> {
            try (NDArray d = denoise(x, sigma)) {
                return d.sub(x).divi(sigma * sigma);
            }
        };
    }
}
