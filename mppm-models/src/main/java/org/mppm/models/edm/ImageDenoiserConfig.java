package org.mppm.models.edm;

import org.mppm.core.Checks;

/**
 * The architecture of an {@link ImageDenoiser}: images {@code [C, H, W]}, a U-Net of
 * {@code depth} down/up levels whose first level has {@code baseWidth} channels (doubling per
 * level), EDM preconditioning with sigma_data, and how the U-Net learns the noise level.
 * H and W must be divisible by {@code 2^depth}. Build with {@link #builder()}.
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

    /** Grayscale {@code size x size} images, a 2-level U-Net of base width 32 with a noise embedding of 128, sigma_data 0.5. */
    public static ImageDenoiserConfig grayscale(int size) {
        return builder().size(size, size).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Required: {@link #size}. Optional: channels 1, base width 32, depth 2, sigma_data 0.5, a
     * noise embedding of width {@code 4 * baseWidth} (as EDM's DDPM++). Validated at {@link #build()}.
     */
    public static final class Builder {
        private int channels = 1;
        private int height;
        private int width;
        private int baseWidth = 32;
        private int depth = 2;
        private double sigmaData = 0.5;
        private Integer noiseEmbedding;

        private Builder() {}

        /** Image height and width (required), positive multiples of {@code 2^depth}. */
        public Builder size(int h, int w) {
            this.height = h;
            this.width = w;
            return this;
        }

        public Builder channels(int c) {
            this.channels = c;
            return this;
        }

        /** Channels of the U-Net's first level (doubling per level). */
        public Builder baseWidth(int w) {
            this.baseWidth = w;
            return this;
        }

        /** Down/up levels of the U-Net. */
        public Builder depth(int d) {
            this.depth = d;
            return this;
        }

        public Builder sigmaData(double s) {
            this.sigmaData = s;
            return this;
        }

        /** Width E of the noise-level embedding; 0: c_noise as an extra input channel only ({@link UNet}). */
        public Builder noiseEmbedding(int e) {
            this.noiseEmbedding = e;
            return this;
        }

        public ImageDenoiserConfig build() {
            if (height == 0 && width == 0) {
                throw new IllegalStateException("size is required: call size(height, width)");
            }
            return new ImageDenoiserConfig(channels, height, width, baseWidth, depth, sigmaData,
                    noiseEmbedding != null ? noiseEmbedding : 4 * baseWidth);
        }
    }

    /** Whether c_noise is embedded and added at every level (else: only a constant input channel). */
    public boolean embedsNoise() {
        return noiseEmbedding > 0;
    }
}
