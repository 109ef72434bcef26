/**
 * Statistics of point sets: {@link org.mppm.core.stats.GaussianMoments} (mean, N - 1 covariance)
 * and the {@link org.mppm.core.stats.FrechetDistance} between two Gaussians (the FID formula).
 */
package org.mppm.core.stats;
