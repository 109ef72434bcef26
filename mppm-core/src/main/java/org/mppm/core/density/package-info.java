/**
 * Kernel densities over a set of codes or points: the Gaussian kernel density of Eq. 5 and its
 * kernel mean z-bar of Eq. 15 ({@link org.mppm.core.density.GaussianKernelDensity}), the Monte-Carlo
 * manifold mean G-bar of Eq. 10, 19-20 ({@link org.mppm.core.density.ManifoldMean}), and the
 * bandwidth sigma_ker chosen from the codes by a target perplexity
 * ({@link org.mppm.core.density.NeighbourBandwidth}).
 */
package org.mppm.core.density;
