/**
 * Image quality metrics on {@code [B, C, H, W]} batches: {@link org.mppm.core.image.metrics.Ssim}
 * (Wang's Gaussian window or scikit-image's uniform 7 x 7, named by
 * {@link org.mppm.core.image.metrics.SsimWindow}) and {@link org.mppm.core.image.metrics.PixelErrors}
 * (MSE, PSNR).
 */
package org.mppm.core.image.metrics;
