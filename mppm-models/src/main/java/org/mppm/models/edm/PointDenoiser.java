package org.mppm.models.edm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.mppm.core.Checks;
import org.mppm.core.Denoiser;
import org.mppm.core.edm.EdmPreconditioning;
import org.mppm.models.io.ModelDirectory;

/**
 * A trainable EDM denoiser for points {@code [B, D]} (Karras et al. 2022; reference.md): an MLP F
 * on {@code [c_in(s) x, c_noise(s)]} wrapped in the preconditioning
 * {@code D(x; s) = c_skip(s) x + c_out(s) F(c_in(s) x; c_noise(s))} ({@link EdmPreconditioning}),
 * trained with the EDM loss ({@link FitConfig}). A {@link Denoiser}, so EDM and MAD sampling run
 * on it unchanged. The network computes in FLOAT32; {@link #denoise} returns x's data type, in
 * x's manager.
 *
 * <p>Reproducible: initial parameters come from DJL's engine generator seeded with the given seed
 * (global engine state, set just before initialisation), minibatches, noise and levels from
 * {@link SplittableRandom}s seeded by {@link FitConfig#seed()}. Owns its DJL model: close it.
 * Inference is thread-safe; {@link #fit} is not (and must not run concurrently with inference).
 * Saving writes a {@link ModelDirectory} (parameters, architecture, format version, seed) into a
 * temporary directory that is then moved into place.
 */
public final class PointDenoiser implements Denoiser, AutoCloseable {
    private static final String NAME = "edm-point-denoiser";

    private final PointDenoiserConfig config;
    private final EdmNetwork network;

    private PointDenoiser(PointDenoiserConfig config) {
        this.config = config;
        this.network = new EdmNetwork(NAME, mlp(config), new Shape(config.dimension()), config.sigmaData());
    }

    /** A freshly initialised denoiser; the seed fixes the initial parameters. */
    public static PointDenoiser create(PointDenoiserConfig config, long seed) {
        PointDenoiser denoiser = new PointDenoiser(config);
        denoiser.network.initialize(seed);
        return denoiser;
    }

    /** Loads a denoiser saved with {@link #save}. */
    public static PointDenoiser load(Path dir) {
        ModelDirectory.Contents contents = EdmNetwork.read(dir, NAME);
        PointDenoiser denoiser = new PointDenoiser(contents.config(PointDenoiserConfig.class));
        try {
            denoiser.network.loadParameters(contents);
        } catch (RuntimeException e) {
            denoiser.close();
            throw e;
        }
        return denoiser;
    }

    public PointDenoiserConfig config() {
        return config;
    }

    /** {@code D(x; sigma)} for {@code x [B, D]}, {@code sigma > 0}; same data type as x, in x's manager. */
    @Override
    public NDArray denoise(NDArray x, double sigma) {
        Checks.requirePoints("x", x, config.dimension());
        return network.denoise(x, sigma);
    }

    /**
     * Trains on {@code data [N, D]} (finite) with the EDM loss; returns the loss of every iteration.
     * Each iteration's arrays live in a sub-manager closed after the step.
     *
     * @throws IllegalStateException if the loss becomes NaN or infinite (training diverged)
     */
    public double[] fit(NDArray data, FitConfig fit) {
        Checks.requirePoints("data", data, config.dimension());
        return network.fit(data, fit);
    }

    /** Writes parameters, configuration, format version and seed into {@code dir}, atomically ({@link ModelDirectory}). */
    public void save(Path dir) {
        network.save(dir, config);
    }

    @Override
    public void close() {
        network.close();
    }

    private static SequentialBlock mlp(PointDenoiserConfig config) {
        SequentialBlock block = new SequentialBlock();
        for (int width : config.hidden()) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(list -> Activation.swish(list, 1f));
        }
        block.add(Linear.builder().setUnits(config.dimension()).build());
        return block;
    }
}
