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

    /**
     * Requires {@code x} to be a batch {@code [B, ...]} of this autoencoder's samples with at least
     * {@code minBatch} of them; the message names the expected and the actual shape.
     */
    default void requireSamples(String name, NDArray x, long minBatch) {
        ai.djl.ndarray.types.Shape s = x.getShape();
        Shape expected = new Shape(s.dimension() == 0 ? 0 : s.get(0)).addAll(sampleShape());
        if (s.dimension() < 2 || !s.equals(expected) || s.get(0) < minBatch) {
            throw new IllegalArgumentException(name + " must have shape [B, " + sampleShape().toString().replaceAll("[()]", "")
                    + "] with B >= " + minBatch + ", got " + s);
        }
    }
}
