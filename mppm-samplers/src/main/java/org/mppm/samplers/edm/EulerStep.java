package org.mppm.samplers.edm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Denoiser;
import org.mppm.core.Scopes;

/**
 * The EDM Euler step of the probability-flow ODE {@code dx/dsigma = (x - D(x; sigma)) / sigma}
 * (Karras et al. 2022, Algorithm 1 without the Heun correction):
 * {@code d = (x - D(x; sigma)) / sigma}, {@code x' = x + (sigmaNext - sigma) d}. {@code [B, ...]}.
 */
public final class EulerStep implements StepRule {
    private static final EulerStep INSTANCE = new EulerStep();

    private EulerStep() {}

    /** The (stateless) Euler rule. */
    public static EulerStep instance() {
        return INSTANCE;
    }

    @Override
    public NDArray step(Denoiser denoiser, NDArray x, double sigma, double sigmaNext) {
        return Scopes.scoped(x, in -> advance(in, direction(in, denoiser.denoise(in, sigma), sigma), sigma, sigmaNext));
    }

    /** The ODE direction {@code (x - D) / sigma}, {@code [B, ...]}, in x's manager. */
    static NDArray direction(NDArray x, NDArray denoised, double sigma) {
        return x.sub(denoised).divi(sigma);
    }

    /** {@code x + (sigmaNext - sigma) d}, in x's manager. */
    static NDArray advance(NDArray x, NDArray direction, double sigma, double sigmaNext) {
        return x.add(direction.mul(sigmaNext - sigma));
    }
}
