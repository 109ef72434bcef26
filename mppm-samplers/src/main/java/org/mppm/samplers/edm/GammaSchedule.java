package org.mppm.samplers.edm;

/**
 * MAD's smoothing variance per step (mad.md, "The schedule of gamma"): at a network level
 * {@code sigma}, the split {@code sigma^2 = tau^2 + gamma} into a level tau of the extended
 * score and a variance gamma of its Gaussian smoothing. Must return {@code 0 <= gamma <= sigma^2};
 * {@code gamma = 0} makes the MAD step the Euler step. Implementations are pure functions;
 * the default is {@link PowerGamma}.
 */
@FunctionalInterface
public interface GammaSchedule {

    /** The variance {@code gamma} at level {@code sigma > 0}, in {@code [0, sigma^2]}. */
    double gamma(double sigma);
}
