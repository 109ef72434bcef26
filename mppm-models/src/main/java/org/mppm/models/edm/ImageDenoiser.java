package org.mppm.models.edm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import org.mppm.core.edm.EdmPreconditioning;

/**
 * A trainable EDM denoiser for images {@code [B, C, H, W]}: a small convolutional U-Net F on
 * {@code c_in x}, conditioned on {@code c_noise} by an embedding added at every level
 * ({@link NoiseConditionedUNet}; or, with {@code noiseEmbedding = 0}, only by an extra constant
 * input channel, {@link UNet}), wrapped in the EDM
 * preconditioning {@code D(x; s) = c_skip x + c_out F} ({@link EdmPreconditioning}), trained with
 * the EDM loss ({@link FitConfig}). Same reproducibility, threading and persistence rules as
 * {@link PointDenoiser}. Owns its DJL model: close it.
 */
public final class ImageDenoiser extends EdmDenoiser<ImageDenoiserConfig> {
    private static final String NAME = "edm-image-denoiser";

    private ImageDenoiser(ImageDenoiserConfig config, Device device) {
        super(config, new EdmNetwork(NAME, network(config), new Shape(config.channels(), config.height(), config.width()),
                config.sigmaData(), config.embedsNoise() ? EdmNetwork.NoiseInput.SEPARATE : EdmNetwork.NoiseInput.CHANNEL,
                device));
    }

    private static Block network(ImageDenoiserConfig config) {
        return config.embedsNoise()
                ? new NoiseConditionedUNet(config.channels(), config.baseWidth(), config.depth(), config.noiseEmbedding())
                : UNet.of(config.channels(), config.baseWidth(), config.depth());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and trains an {@link ImageDenoiser}; see {@link EdmDenoiser.Builder}. */
    public static final class Builder extends EdmDenoiser.Builder<ImageDenoiserConfig, ImageDenoiser, Builder> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        @Override
        ImageDenoiser create(ImageDenoiserConfig config, Device device) {
            return new ImageDenoiser(config, device);
        }
    }

    /** {@link #load(Path, Device)} on the engine's default device. */
    public static ImageDenoiser load(Path dir) {
        return load(dir, Engine.getInstance().defaultDevice());
    }

    /** Loads a denoiser saved with {@link #save} onto {@code device}. */
    public static ImageDenoiser load(Path dir, Device device) {
        return load(dir, NAME, ImageDenoiserConfig.class, device, ImageDenoiser::new);
    }
}
