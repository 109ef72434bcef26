package org.mppm.models.edm;

import org.mppm.core.Checks;

/**
 * The architecture of an {@link ImageDenoiser}: images {@code [C, H, W]}, a U-Net of
 * {@code depth} down/up levels whose first level has {@code baseWidth} channels (doubling per
 * level), EDM preconditioning with sigma_data, and how the U-Net learns the noise level.
 * H and W must be divisible by {@code 2^depth}.
 *
 * @param noiseEmbedding E > 0: a {@link NoiseConditionedUNet}, whose Fourier-feature embedding of
 *                       {@code c_noise} (an MLP of width E) adds a per-channel bias at every level;
 *                       0: the first version's {@link UNet}, whose only noise input is c_noise as a
 *                       constant extra input channel. Models saved before this field existed have
 *                       no value for it and load as 0, with the architecture they were trained with.
 */
public record ImageDenoiserConfig(int channels, int height, int width, int baseWidth, int depth, double sigmaData,
        int noiseEmbedding) {

    public ImageDenoiserConfig {
        Checks.requireAtLeast("channels", channels, 1);
        Checks.requireAtLeast("baseWidth", baseWidth, 1);
        Checks.requireAtLeast("depth", depth, 0);
        int unit = 1 << depth;
        if (height < unit || height % unit != 0 || width < unit || width % unit != 0) {
            throw new IllegalArgumentException("height and width must be positive multiples of 2^depth = " + unit
                    + ", got " + height + " x " + width);
        }
        Checks.requirePositive("sigmaData", sigmaData);
        Checks.requireAtLeast("noiseEmbedding", noiseEmbedding, 0);
    }

    /** Noise-level embedding of width {@code 4 * baseWidth} (as EDM's DDPM++: four times the base channels). */
    public ImageDenoiserConfig(int channels, int height, int width, int baseWidth, int depth, double sigmaData) {
        this(channels, height, width, baseWidth, depth, sigmaData, 4 * baseWidth);
    }

    /** Grayscale {@code size x size} images, a 2-level U-Net of base width 32 with a noise embedding of 128, sigma_data 0.5. */
    public static ImageDenoiserConfig grayscale(int size) {
        return new ImageDenoiserConfig(1, size, size, 32, 2, 0.5);
    }

    /** Whether c_noise is embedded and added at every level (else: only a constant input channel). */
    public boolean embedsNoise() {
        return noiseEmbedding > 0;
    }
}
