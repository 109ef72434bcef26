/**
 * Log-domain score smoothing (Farghly et al.): the empirical score of a point set
 * ({@link org.mppm.core.smoothing.EmpiricalScore}, the exact score of its Gaussian-noised
 * empirical measure) smoothed by a kernel in the log domain ({@link org.mppm.core.smoothing.SmoothedScore}),
 * with isotropic ({@link org.mppm.core.smoothing.IsotropicGaussianKernel}) or data-dependent,
 * manifold-translated ({@link org.mppm.core.smoothing.ManifoldTranslatedKernel}) kernels. Each is a
 * {@link org.mppm.core.ScoreFunction}; the Monte Carlo smoothed score is a
 * {@link org.mppm.core.smoothing.StochasticDivergenceScore}, whose noise is drawn per row from
 * {@link org.mppm.core.SampleSeeds}, so it carries no state. The samplers that integrate them are in
 * {@code org.mppm.samplers.smoothing}.
 */
package org.mppm.core.smoothing;
