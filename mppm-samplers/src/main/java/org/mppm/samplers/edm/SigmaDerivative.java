package org.mppm.samplers.edm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Denoiser;

/**
 * The derivative of a denoiser in its noise level, {@code dD/dsigma (x; sigma)}: {@code [B, ...] -> [B, ...]},
 * the extra term of MAD's extended score (mad.md: {@code d/dgamma = (1/(2 sigma)) d/dsigma}).
 * Implementations: {@link FiniteDifference} (the default); an autograd one would be another small class.
 * The result belongs to the manager of {@code x}.
 */
@FunctionalInterface
public interface SigmaDerivative {

    /**
     * @param denoiser the denoiser D
     * @param x        the point {@code [B, ...]}
     * @param sigma    the level, {@code > 0}
     * @param denoised {@code D(x; sigma)}, already computed by the caller (so it is not evaluated twice)
     * @return {@code dD/dsigma (x; sigma)}, same shape as x
     */
    NDArray derivative(Denoiser denoiser, NDArray x, double sigma, NDArray denoised);
}
