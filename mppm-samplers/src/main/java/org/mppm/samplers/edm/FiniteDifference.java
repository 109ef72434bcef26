package org.mppm.samplers.edm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Checks;
import org.mppm.core.Denoiser;

/**
 * The backward finite difference of mad.md, one extra denoiser call:
 * {@code dD/dsigma ~ (D(x; sigma) - D(x; (1 - eps) sigma)) / (eps sigma)}. {@code [B, ...]}.
 *
 * @param eps the relative step, in (0, 1); mad.md suggests about 1e-2
 */
public record FiniteDifference(double eps) implements SigmaDerivative {

    public FiniteDifference {
        Checks.requireOpen("eps", eps, 0, 1);
    }

    /** The default, {@code eps = 1e-2}. */
    public static FiniteDifference standard() {
        return new FiniteDifference(1e-2);
    }

    @Override
    public NDArray derivative(Denoiser denoiser, NDArray x, double sigma, NDArray denoised) {
        double lower = (1 - eps) * sigma;
        try (NDArray below = denoiser.denoise(x, lower)) {
            return denoised.sub(below).divi(sigma - lower);
        }
    }
}
