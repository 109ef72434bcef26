package org.mppm.models.nn;

import java.util.Arrays;

/**
 * Names an autoencoder architecture so that a saved model can rebuild it: {@code "mlp"} with the
 * encoder widths (input, hidden..., latent; {@link MlpAutoencoder}).
 *
 * @param kind  the architecture
 * @param sizes its integer parameters
 */
public record AutoencoderSpec(String kind, int[] sizes) {

    public AutoencoderSpec {
        sizes = sizes.clone();
        if (!"mlp".equals(kind)) {
            throw new IllegalArgumentException("unknown autoencoder kind '" + kind + "', expected one of [mlp]");
        }
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an mlp autoencoder needs at least input and latent sizes, got "
                    + Arrays.toString(sizes));
        }
    }

    /** An MLP autoencoder with these encoder widths (the decoder mirrors them). */
    public static AutoencoderSpec mlp(int... sizes) {
        return new AutoencoderSpec("mlp", sizes);
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /** A new, uninitialised autoencoder of this architecture. */
    public Autoencoder create() {
        return new MlpAutoencoder(sizes);
    }
}
