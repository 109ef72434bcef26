package org.mppm.samplers.edm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Denoiser;
import org.mppm.core.Scopes;

/**
 * The EDM Heun step (Karras et al. 2022, Algorithm 1): an Euler predictor
 * {@code x~ = x + (sigmaNext - sigma) d}, {@code d = (x - D(x; sigma)) / sigma}, then, unless
 * {@code sigmaNext = 0}, the trapezoidal corrector {@code d' = (x~ - D(x~; sigmaNext)) / sigmaNext},
 * {@code x' = x + (sigmaNext - sigma)(d + d') / 2}. Two denoiser calls per step (one on the last). {@code [B, ...]}.
 */
public final class HeunStep implements StepRule {
    private static final HeunStep INSTANCE = new HeunStep();

    private HeunStep() {}

    /** The (stateless) Heun rule. */
    public static HeunStep instance() {
        return INSTANCE;
    }

    @Override
    public NDArray step(Denoiser denoiser, NDArray x, double sigma, double sigmaNext) {
        return Scopes.scoped(x, in -> {
            NDArray d = EulerStep.direction(in, denoiser.denoise(in, sigma), sigma);
            NDArray predicted = EulerStep.advance(in, d, sigma, sigmaNext);
            if (sigmaNext == 0) {
                return predicted;
            }
            NDArray corrected = EulerStep.direction(predicted, denoiser.denoise(predicted, sigmaNext), sigmaNext);
            return EulerStep.advance(in, d.add(corrected).divi(2), sigma, sigmaNext);
        });
    }
}
