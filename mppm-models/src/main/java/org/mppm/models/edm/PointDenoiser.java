package org.mppm.models.edm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.mppm.core.Checks;
import org.mppm.core.Denoiser;
import org.mppm.core.edm.EdmPreconditioning;
import org.mppm.models.nn.Silu;

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
public final class PointDenoiser extends EdmDenoiser<PointDenoiserConfig> {
    private static final String NAME = "edm-point-denoiser";

    private PointDenoiser(PointDenoiserConfig config) {
        super(config, new EdmNetwork(NAME, mlp(config), new Shape(config.dimension()), config.sigmaData()));
    }

    /** A freshly initialised denoiser; the seed fixes the initial parameters. */
    public static PointDenoiser create(PointDenoiserConfig config, long seed) {
        return initialised(new PointDenoiser(config), seed);
    }

    /** Loads a denoiser saved with {@link #save}. */
    public static PointDenoiser load(Path dir) {
        return load(dir, NAME, PointDenoiserConfig.class, PointDenoiser::new);
    }

    /** Points must be {@code [B, D]} with this denoiser's D. */
    @Override
    void checkSamples(String name, NDArray x) {
        Checks.requirePoints(name, x, config().dimension());
    }

    private static SequentialBlock mlp(PointDenoiserConfig config) {
        SequentialBlock block = new SequentialBlock();
        for (int width : config.hidden()) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(Silu::apply);
        }
        block.add(Linear.builder().setUnits(config.dimension()).build());
        return block;
    }
}
