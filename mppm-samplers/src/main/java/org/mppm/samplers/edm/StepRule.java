package org.mppm.samplers.edm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Denoiser;

/**
 * One step of an EDM-style sampler from noise level {@code sigma} down to {@code sigmaNext}
 * ({@code sigma > sigmaNext >= 0}): {@code [B, ...] -> [B, ...]}. Implementations: {@link EulerStep},
 * {@link HeunStep}, {@link MadStep}. A rule is stateless and thread-safe; the result belongs to the
 * manager of {@code x}, and {@code x} is left as it is.
 */
@FunctionalInterface
public interface StepRule {

    /**
     * @param denoiser  {@code D(x; sigma)}
     * @param x         the state at level {@code sigma}, {@code [B, ...]}
     * @param sigma     the current level, {@code > 0}
     * @param sigmaNext the next level, {@code 0 <= sigmaNext < sigma}
     * @return the state at level {@code sigmaNext}
     */
    NDArray step(Denoiser denoiser, NDArray x, double sigma, double sigmaNext);
}
