package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.KernelDensity;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.density.StandardisedKernelDensity;

/**
 * The metric the kernel mean z-bar of Eq. 15 measures distances in, over the training codes S
 * {@code [N, d]}: the raw codes ({@link #EUCLIDEAN}, the paper's) or the codes z-scored per
 * dimension ({@link #STANDARDISED}, {@link StandardisedKernelDensity}). sigma_ker is in the units of
 * the metric's {@link #points}: the raw codes' or the standardised codes'.
 */
public enum KernelMetric {
    /** {@code |z - s_a|} on the raw codes (Eq. 15 as printed). */
    EUCLIDEAN {
        @Override
        public KernelDensity.Owned density(NDArray codes, double bandwidth) {
            return GaussianKernelDensity.of(codes, bandwidth);
        }

        @Override
        public NDArray points(NDArray codes) {
            return codes.duplicate();
        }
    },
    /** {@code |(z - s_a) / s|}, s the codes' per-dimension standard deviation. */
    STANDARDISED {
        @Override
        public KernelDensity.Owned density(NDArray codes, double bandwidth) {
            return StandardisedKernelDensity.of(codes, bandwidth);
        }

        @Override
        public NDArray points(NDArray codes) {
            return StandardisedKernelDensity.standardise(codes);
        }
    };

    /** The kernel density over {@code codes} {@code [N, d]} (copied) with sigma_ker {@code bandwidth} in this metric. */
    public abstract KernelDensity.Owned density(NDArray codes, double bandwidth);

    /** The codes as this metric sees them, {@code [N, d] -> [N, d]} (a new array in the codes' manager), for a bandwidth rule. */
    public abstract NDArray points(NDArray codes);
}
