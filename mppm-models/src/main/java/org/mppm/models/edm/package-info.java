/**
 * EDM denoisers (Karras et al. 2022) for MAD and the smoothing experiments: a point denoiser and a
 * noise-conditioned image U-Net trained with the EDM loss, a TorchScript denoiser for models
 * trained elsewhere; each is a {@link org.mppm.core.Denoiser}.
 */
package org.mppm.models.edm;
