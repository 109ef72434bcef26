/**
 * Image operations that need no network: batches are {@code [B, C, H, W]} in [0, 1].
 *
 * <ul>
 *   <li>{@link org.mppm.core.image.AxisOperator}: separable linear maps (Gaussian / uniform
 *       filtering with a {@link org.mppm.core.image.Padding} rule, bilinear resizing) applied as two
 *       batched matmuls;</li>
 *   <li>{@link org.mppm.core.image.BilinearWarp}: resampling at displaced positions (zero fill);</li>
 *   <li>{@link org.mppm.core.image.ImageFiles} and {@link org.mppm.core.image.ImageGrid}: PNG/JPEG
 *       reading and the labelled figures (a title, rows = methods with their names, columns = samples
 *       or steps with their labels).</li>
 * </ul>
 * Temporaries of every operation live in a {@link org.mppm.core.Scopes} sub-manager closed per call.
 * Degradations are in {@code org.mppm.core.image.degrade}, SSIM / PSNR / MSE in
 * {@code org.mppm.core.image.metrics}, the Frechet distance in {@code org.mppm.core.stats}.
 */
package org.mppm.core.image;
