package org.mppm.models.nn;

import java.util.Arrays;

/**
 * Names an autoencoder architecture so that a saved model can rebuild it: {@code "mlp"} with the
 * encoder widths (input, hidden..., latent; {@link MlpAutoencoder}), or {@code "mnist-cnn"} with the
 * latent size (Table 7; {@link MnistConvAutoencoder} on 1 x 28 x 28 images).
 *
 * @param kind  the architecture
 * @param sizes its integer parameters
 */
public record AutoencoderSpec(String kind, int[] sizes) {

    public AutoencoderSpec {
        sizes = sizes.clone();
        if ("mnist-cnn".equals(kind)) {
            if (sizes.length != 1 || sizes[0] < 1) {
                throw new IllegalArgumentException("a mnist-cnn autoencoder takes one positive latent size, got "
                        + Arrays.toString(sizes));
            }
        } else if (!"mlp".equals(kind)) {
            throw new IllegalArgumentException("unknown autoencoder kind '" + kind + "', expected one of [mlp, mnist-cnn]");
        } else if (sizes.length < 2) {
            throw new IllegalArgumentException("an mlp autoencoder needs at least input and latent sizes, got "
                    + Arrays.toString(sizes));
        }
    }

    /** An MLP autoencoder with these encoder widths (the decoder mirrors them). */
    public static AutoencoderSpec mlp(int... sizes) {
        return new AutoencoderSpec("mlp", sizes);
    }

    /** The Table 7 convolutional autoencoder for 28 x 28 grey images with latent size d. */
    public static AutoencoderSpec mnistCnn(int latent) {
        return new AutoencoderSpec("mnist-cnn", new int[] {latent});
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /** A new, uninitialised autoencoder of this architecture. */
    public Autoencoder create() {
        return "mnist-cnn".equals(kind) ? new MnistConvAutoencoder(sizes[0]) : new MlpAutoencoder(sizes);
    }
}
