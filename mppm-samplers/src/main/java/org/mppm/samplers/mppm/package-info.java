/**
 * The MPPM flows as terms of one loop: the distance descent {@code -alpha D grad D / |grad D|} and
 * the kernel pull {@code beta (target - x)}; pixel-space Eq. 11 / Eq. 12 / Algorithm 1
 * ({@link org.mppm.samplers.mppm.MppmProjector}) and latent Algorithm 2 with its U-Net variants
 * ({@link org.mppm.samplers.mppm.LatentMppmProjector}). Both build {@link org.mppm.core.Restorer}s.
 */
package org.mppm.samplers.mppm;
