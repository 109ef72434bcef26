/**
 * Gaussian mixtures, also degenerate (covariances of any rank), with the exact score and denoiser
 * of their noised densities ({@link org.mppm.core.mixture.GaussianMixture}): ground truth for the
 * samplers' tests and MAD's toy experiments; {@link org.mppm.core.mixture.MixtureFamilies} builds
 * the families the papers use.
 */
package org.mppm.core.mixture;
