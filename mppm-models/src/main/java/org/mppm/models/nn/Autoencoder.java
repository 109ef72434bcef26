package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A trainable encoder F {@code [B, ...] -> [B, d]} and decoder G {@code [B, d] -> [B, ...]}, where
 * {@code ...} is the shape of one sample ({@code (D)} for points, {@code (C, H, W)} for images).
 * {@link #block()} holds every parameter, for training and persistence.
 */
public interface Autoencoder {

    /** The block that owns all parameters of F and G. */
    Block block();

    /** The latent dimension d. */
    int latentDimension();

    /** The shape of one sample, without the batch axis. */
    Shape sampleShape();

    /** F: {@code [B, ...] -> [B, d]}. */
    NDArray encode(ParameterStore store, NDArray x, boolean training);

    /** G: {@code [B, d] -> [B, ...]}. */
    NDArray decode(ParameterStore store, NDArray z, boolean training);
}
