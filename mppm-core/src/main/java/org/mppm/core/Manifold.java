package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/**
 * A d-dimensional manifold embedded in R^D, described as a Monge patch (paper Section 2.1).
 *
 * <p>The embedding {@code G} maps latent codes {@code [B, d]} to ambient points {@code [B, D]};
 * the chart {@code F} maps ambient points {@code [B, D]} back to codes {@code [B, d]}. For an
 * exact manifold {@code F} is the code of the closest point; for a learned autoencoder it is the
 * encoder. {@link #project} is {@code x* = G(F(x))} (Eq. 8).
 *
 * <p>Results are owned by the manager of the input array.
 */
public interface Manifold {

    /** Ambient dimension D. */
    int ambientDimension();

    /** Intrinsic (latent) dimension d. */
    int intrinsicDimension();

    /**
     * The element type points and codes must have (e.g. a learned manifold's parameter type), or
     * empty when any floating type is accepted (default).
     */
    default Optional<DataType> elementType() {
        return Optional.empty();
    }

    /** The embedding G: {@code [B, d] -> [B, D]}. */
    NDArray embed(NDArray z);

    /** The chart (encoder) F: {@code [B, D] -> [B, d]}. */
    NDArray chart(NDArray x);

    /**
     * The chart of x with the decoder that belongs to these samples (see {@link LatentEncoding}):
     * here {@code (F(x), G)}; a learned U-Net keeps x's skip connections for its decoder.
     */
    default LatentEncoding chartWithContext(NDArray x) {
        return LatentEncoding.of(chart(x), this::embed);
    }

    /** The projection {@code x* = G(F(x))}: {@code [B, D] -> [B, D]} (Eq. 8). */
    default NDArray project(NDArray x) {
        try (NDArray z = chart(x)) {
            return embed(z);
        }
    }
}
