package org.mppm.models.nn;

import java.util.Arrays;

/**
 * Names an autoencoder architecture so that a saved model can rebuild it: {@code "mlp"} with the
 * encoder widths (input, hidden..., latent; {@link MlpAutoencoder}), {@code "mnist-cnn"} with the
 * latent size (Table 7; {@link MnistConvAutoencoder} on 1 x 28 x 28 images), or {@code "unet"} with
 * channels, image size, latent size, number of skip levels and block widths (Table 8 with skip
 * projections; {@link UNetAutoencoder}).
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
        } else if ("unet".equals(kind)) {
            if (sizes.length < 5 || sizes[0] < 1 || sizes[1] < 1 || sizes[2] < 1 || sizes[3] < 0 || sizes[3] > sizes.length - 4
                    || Arrays.stream(sizes, 4, sizes.length).anyMatch(v -> v < 1)) {
                throw new IllegalArgumentException("a unet autoencoder takes positive channels, size and latent, skip levels"
                        + " in [0, widths] and at least one positive block width, got " + Arrays.toString(sizes));
            }
        } else if (!"mlp".equals(kind)) {
            throw new IllegalArgumentException("unknown autoencoder kind '" + kind + "', expected one of [mlp, mnist-cnn, unet]");
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

    /**
     * The Table 8 U-Net with skip projections for {@code [C, size, size]} images, latent size d
     * and block widths (Table 8: 3, 120, 1024, 32-64-128-256).
     */
    public static AutoencoderSpec unet(int channels, int size, int latent, int... widths) {
        return unetWithSkipLevels(channels, size, latent, widths.length, widths);
    }

    /** As {@link #unet} with skips at the innermost {@code skipLevels} levels only (0 to the number of widths). */
    public static AutoencoderSpec unetWithSkipLevels(int channels, int size, int latent, int skipLevels, int... widths) {
        int[] all = new int[widths.length + 4];
        all[0] = channels;
        all[1] = size;
        all[2] = latent;
        all[3] = skipLevels;
        System.arraycopy(widths, 0, all, 4, widths.length);
        return new AutoencoderSpec("unet", all);
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    /** A new, uninitialised autoencoder of this architecture. */
    public Autoencoder create() {
        return switch (kind) {
            case "mnist-cnn" -> new MnistConvAutoencoder(sizes[0]);
            case "unet" -> new UNetAutoencoder(sizes[0], sizes[1], sizes[2], sizes[3], Arrays.copyOfRange(sizes, 4, sizes.length));
            default -> new MlpAutoencoder(sizes);
        };
    }
}
