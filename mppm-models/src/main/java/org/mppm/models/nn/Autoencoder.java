package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.mppm.core.Checks;
import org.mppm.core.Scopes;

/**
 * A trainable encoder F {@code [B, ...] -> [B, d]} and decoder G {@code [B, d] -> [B, ...]}, where
 * {@code ...} is the shape of one sample ({@code (D)} for points, {@code (C, H, W)} for images).
 * {@link #block()} holds every parameter, for training and persistence.
 *
 * <p>An autoencoder whose decoder also takes skip connections (the U-Net of Table 8) overrides
 * {@link #encodeWithSkips} and {@link #decode(ParameterStore, NDArray, NDList, boolean)}: its
 * reconstruction of x is {@code G(S(x), z)} with {@code (S(x), z) = F(x)}, and every user that
 * decodes a code of a known input (losses, restorers) goes through these two methods, so that
 * plain and skip autoencoders are used the same way.
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
     * Whether F, in this mode, maps each row of a batch on its own, so that a row's code does not
     * depend on the other rows (no batch statistics, no cross-row terms): then equal inputs in one
     * batch may share one encoder pass. Default false, the safe answer for any encoder.
     */
    default boolean encodesRowsAlone(boolean training) {
        return false;
    }

    /**
     * Whether G, in this mode, maps each row of a batch on its own (as {@link #encodesRowsAlone} for
     * F), so that a batch's rows may be decoded in separate passes, at once, with the same results.
     * Default false.
     */
    default boolean decodesRowsAlone(boolean training) {
        return false;
    }

    /**
     * Whether F and G, in this mode, both map each row on its own: then a batch may be split into
     * parts trained at once ({@link org.mppm.models.train.Objective#withStore}).
     */
    default boolean mapsRowsAlone(boolean training) {
        return encodesRowsAlone(training) && decodesRowsAlone(training);
    }

    /**
     * F with everything G needs: the code and, for a U-Net, the skip connections. Default: the
     * code {@link #encode} alone, no skips.
     */
    default Encoded encodeWithSkips(ParameterStore store, NDArray x, boolean training) {
        return Encoded.of(encode(store, x, training));
    }

    /**
     * G of a code {@code z [B, d]} decoded with the skips {@code S_1..S_k} of a batch of B samples
     * (from {@link #encodeWithSkips}); a U-Net adds its latent skip projections, Appendix B:
     * {@code G(S_1 + S-hat_1(z), ..., S_k + S-hat_k(z), z)}. Default (no skips): {@link #decode}.
     */
    default NDArray decode(ParameterStore store, NDArray z, NDList skips, boolean training) {
        return decode(store, z, training);
    }

    /** The reconstruction {@code G(F(x))}, skips included: {@code [B, ...] -> [B, ...]}, in x's manager. */
    default NDArray reconstruct(ParameterStore store, NDArray x, boolean training) {
        return org.mppm.core.Scopes.scoped(x, in -> {
            Encoded e = encodeWithSkips(store, in, training);
            return decode(store, e.code(), e.skips(), training);
        });
    }

    /**
     * Requires {@code x} to be a batch {@code [B, ...]} of this autoencoder's samples with at least
     * {@code minBatch} of them; the message names the expected and the actual shape.
     */
    default void requireSamples(String name, NDArray x, long minBatch) {
        requireShape(name, x, minBatch);
    }

    /**
     * Requires {@code x} to be an input this autoencoder can evaluate: a batch of its samples as
     * {@link #requireSamples}, of the parameters' element type ({@link #dataType()}; float32 unless
     * initialised otherwise), with valid values ({@link #requireValues}). Every inference entry
     * point (restorers, charts, encodings) calls it.
     */
    default void requireInput(String name, NDArray x, long minBatch) {
        requireSamples(name, x, minBatch);
        Checks.requireDataType(name, x, dataType());
        requireValues(name, x);
    }

    /** The element type of the parameters (of the first initialised one; float32 before initialisation). */
    default DataType dataType() {
        for (Pair<String, Parameter> p : block().getParameters()) {
            if (p.getValue().isInitialized()) {
                return p.getValue().getArray().getDataType();
            }
        }
        return DataType.FLOAT32;
    }

    /**
     * Requires valid values for this autoencoder, any floating type: images (samples {@code [C, H, W]})
     * in [0, 1] ({@link Checks#requireUnitInterval}; e.g. 0-255 data is rejected), points finite and
     * of magnitude at most {@link Checks#MAX_MAGNITUDE} ({@link Checks#requireData}).
     */
    default void requireValues(String name, NDArray x) {
        if (sampleShape().dimension() == 3) {
            Checks.requireUnitInterval(name, x);
        } else {
            Checks.requireData(name, x);
        }
    }

    private void requireShape(String name, NDArray x, long minBatch) {
        ai.djl.ndarray.types.Shape s = x.getShape();
        Shape expected = new Shape(s.dimension() == 0 ? 0 : s.get(0)).addAll(sampleShape());
        if (s.dimension() < 2 || !s.equals(expected) || s.get(0) < minBatch) {
            throw new IllegalArgumentException(name + " must have shape [B, " + sampleShape().toString().replaceAll("[()]", "")
                    + "] with B >= " + minBatch + ", got " + s);
        }
    }
}
