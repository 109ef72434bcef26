package org.mppm.models.edm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.mppm.core.Denoiser;
import org.mppm.core.edm.EdmPreconditioning;
import org.mppm.models.io.ModelDirectory;

/**
 * A trainable EDM denoiser for images {@code [B, C, H, W]}: a small convolutional U-Net F on
 * {@code c_in x} with {@code c_noise} as an extra constant input channel, wrapped in the EDM
 * preconditioning {@code D(x; s) = c_skip x + c_out F} ({@link EdmPreconditioning}), trained with
 * the EDM loss ({@link FitConfig}). Same reproducibility, threading and persistence rules as
 * {@link PointDenoiser}. Owns its DJL model: close it.
 */
public final class ImageDenoiser implements Denoiser, AutoCloseable {
    private static final String NAME = "edm-image-denoiser";

    private final ImageDenoiserConfig config;
    private final EdmNetwork network;

    private ImageDenoiser(ImageDenoiserConfig config) {
        this.config = config;
        this.network = new EdmNetwork(NAME, UNet.of(config.channels(), config.baseWidth(), config.depth()),
                new Shape(config.channels(), config.height(), config.width()), config.sigmaData());
    }

    /** A freshly initialised denoiser; the seed fixes the initial parameters. */
    public static ImageDenoiser create(ImageDenoiserConfig config, long seed) {
        ImageDenoiser denoiser = new ImageDenoiser(config);
        denoiser.network.initialize(seed);
        return denoiser;
    }

    /** Loads a denoiser saved with {@link #save}. */
    public static ImageDenoiser load(Path dir) {
        ModelDirectory.Contents contents = EdmNetwork.read(dir, NAME);
        ImageDenoiser denoiser = new ImageDenoiser(contents.config(ImageDenoiserConfig.class));
        try {
            denoiser.network.loadParameters(contents);
        } catch (RuntimeException e) {
            denoiser.close();
            throw e;
        }
        return denoiser;
    }

    public ImageDenoiserConfig config() {
        return config;
    }

    /** {@code D(x; sigma)} for {@code x [B, C, H, W]}, {@code sigma > 0}; x's type, in x's manager. */
    @Override
    public NDArray denoise(NDArray x, double sigma) {
        return network.denoise(x, sigma);
    }

    /**
     * Trains on {@code images [N, C, H, W]} (finite) with the EDM loss; the loss of every iteration.
     *
     * @throws IllegalStateException if the loss becomes NaN or infinite (training diverged)
     */
    public double[] fit(NDArray images, FitConfig fit) {
        return network.fit(images, fit);
    }

    /** Writes parameters, configuration, format version and seed into {@code dir}, atomically ({@link ModelDirectory}). */
    public void save(Path dir) {
        network.save(dir, config);
    }

    @Override
    public void close() {
        network.close();
    }
}
