package org.mppm.models.recipes;

import ai.djl.ndarray.NDArray;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.density.NeighbourBandwidth;

/**
 * sigma_ker of the latent kernel mean z-bar (Eq. 15) chosen from the training codes, for when the
 * paper gives none (the faces experiment): the bandwidth at which a code's leave-one-out kernel
 * weights have perplexity k on average, so z-bar averages about k codes ({@link NeighbourBandwidth}),
 * or the median nearest-neighbour distance of the codes.
 */
public final class KernelBandwidth {
    /** Codes queried for the perplexity estimate. */
    public static final int QUERIES = 1000;

    private KernelBandwidth() {}

    /**
     * @param codes      training codes {@code [N, d]}
     * @param perplexity k {@code >= 1}, or 0 for the median nearest-neighbour distance
     * @param seed       the seed of the queried codes' choice
     * @return sigma_ker {@code > 0}
     */
    public static double fromCodes(NDArray codes, double perplexity, long seed) {
        if (perplexity != 0 && !(perplexity >= 1 && Double.isFinite(perplexity))) {
            throw new IllegalArgumentException("perplexity must be 0 or a finite number >= 1, got " + perplexity);
        }
        return perplexity == 0 ? GaussianKernelDensity.medianNearestNeighbourDistance(codes)
                : NeighbourBandwidth.forPerplexity(codes, perplexity, QUERIES, seed);
    }
}
