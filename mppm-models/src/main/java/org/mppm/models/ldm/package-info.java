/**
 * The latent diffusion baseline (LDM) of the papers: a DDPM with linear betas in the latent space
 * of a trained denoising autoencoder, an MLP noise predictor, and restoration by running the
 * reverse chain from the encoded degraded sample at an intermediate step t0, which the fit chooses
 * on its validation split unless it is given ({@link org.mppm.models.ldm.StartSearch}).
 */
package org.mppm.models.ldm;
