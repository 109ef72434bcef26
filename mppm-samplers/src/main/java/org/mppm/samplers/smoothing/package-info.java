/**
 * Sampling from a (smoothed) score of the variance-exploding process {@code X_t = X_0 + sqrt(t) Z}:
 * the reverse SDE ({@link org.mppm.samplers.smoothing.ReverseSde}) and the probability-flow ODE
 * with its log-likelihood ({@link org.mppm.samplers.smoothing.ProbabilityFlowOde}) on a
 * {@link org.mppm.samplers.smoothing.TimeGrid}, and the density-domain baseline, the Gaussian
 * kernel density sampler ({@link org.mppm.samplers.smoothing.GaussianKdeSampler}). The scores
 * themselves are in {@code org.mppm.core.smoothing}.
 */
package org.mppm.samplers.smoothing;
