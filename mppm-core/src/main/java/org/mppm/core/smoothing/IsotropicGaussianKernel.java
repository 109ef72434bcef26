package org.mppm.core.smoothing;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Checks;

/**
 * The isotropic Gaussian kernel {@code N(x, sigma^2 I)}: {@code Y = x + sigma Z}.
 *
 * @param sigma the kernel width, {@code > 0}
 */
public record IsotropicGaussianKernel(double sigma) implements SmoothingKernel {

    public IsotropicGaussianKernel {
        Checks.requirePositive("sigma", sigma);
    }

    @Override
    public NDArray sample(NDArray x, NDArray z) {
        try (NDArray step = z.mul(sigma)) {
            return x.add(step);
        }
    }

    @Override
    public boolean translationInvariant() {
        return true;
    }
}
