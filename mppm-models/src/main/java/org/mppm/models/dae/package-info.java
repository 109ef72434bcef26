/**
 * The denoising autoencoder baseline: an autoencoder of the same architecture as LMPPM's trained
 * to map noisy samples to clean ones ({@link org.mppm.models.dae.DaeLoss}); its restorer is
 * {@code G(F(x))}.
 */
package org.mppm.models.dae;
