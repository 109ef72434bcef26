package org.mppm.models.edm;

import org.mppm.core.Checks;

/**
 * The architecture of an {@link ImageDenoiser}: images {@code [C, H, W]}, a U-Net of
 * {@code depth} down/up levels whose first level has {@code width} channels (doubling per level),
 * EDM preconditioning with sigma_data. H and W must be divisible by {@code 2^depth}.
 */
public record ImageDenoiserConfig(int channels, int height, int width, int baseWidth, int depth, double sigmaData) {

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
    }

    /** Grayscale {@code size x size} images, a 2-level U-Net of base width 32, sigma_data 0.5. */
    public static ImageDenoiserConfig grayscale(int size) {
        return new ImageDenoiserConfig(1, size, size, 32, 2, 0.5);
    }
}
