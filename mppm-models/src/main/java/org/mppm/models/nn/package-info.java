/**
 * Network blocks on DJL's PyTorch engine: the autoencoders of the papers (MLP, Table 6; the MNIST
 * CNN, Table 7; the U-Net with latent skip projections, Table 8 / Appendix B), chosen by an
 * {@link org.mppm.models.nn.AutoencoderSpec}; the distance MLP; a trained autoencoder seen as a
 * {@link org.mppm.core.Manifold} ({@link org.mppm.models.nn.LearnedManifold}) and a distance
 * network as a {@link org.mppm.core.DistanceField} ({@link org.mppm.models.nn.LearnedDistance});
 * and the engine work-arounds ({@link org.mppm.models.nn.ConvTranspose2d}, {@link org.mppm.models.nn.Silu}).
 */
package org.mppm.models.nn;
