package org.mppm.models.edm;

import ai.djl.Device;
import ai.djl.engine.Engine;
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
 * <p>Reproducible: initial parameters are drawn on the host from a generator seeded with the
 * builder's seed, minibatches, noise and levels from {@link SplittableRandom}s seeded by
 * {@link FitConfig#seed()}; nothing comes from the engine's generator. Lives on the device it was
 * trained (the data's) or loaded on (default: the engine's default device). Owns its DJL model:
 * close it. Inference is thread-safe; fits queue behind the library-wide training lock.
 *
 * <pre>{@code
 * try (PointDenoiser d = PointDenoiser.builder().config(PointDenoiserConfig.of(2)).seed(1)
 *         .training(FitConfig.builder().iterations(1200).seed(5).build()).fit(points)) {
 *     d.save(dir);
 * }
 * }</pre>
 * Saving writes a {@link org.mppm.models.io.ModelDirectory} (parameters, architecture, format version, seed) into a
 * temporary directory that is then moved into place.
 */
public final class PointDenoiser extends EdmDenoiser<PointDenoiserConfig> {
    private static final String NAME = "edm-point-denoiser";

    private PointDenoiser(PointDenoiserConfig config, Device device) {
        super(config, new EdmNetwork(NAME, mlp(config), new Shape(config.dimension()), config.sigmaData(), device));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@link #load(Path, Device)} on the engine's default device. */
    public static PointDenoiser load(Path dir) {
        return load(dir, Engine.getInstance().defaultDevice());
    }

    /** Loads a denoiser saved with {@link #save} onto {@code device}. */
    public static PointDenoiser load(Path dir, Device device) {
        return load(dir, NAME, PointDenoiserConfig.class, device, PointDenoiser::new);
    }

    /** Points must be {@code [B, D]} with this denoiser's D. */
    @Override
    void checkSamples(String name, NDArray x) {
        Checks.requirePoints(name, x, config().dimension());
    }

    /** Configures and trains a {@link PointDenoiser}; see {@link EdmDenoiser.Builder}. */
    public static final class Builder extends EdmDenoiser.Builder<PointDenoiserConfig, PointDenoiser, Builder> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        @Override
        PointDenoiser create(PointDenoiserConfig config, Device device) {
            return new PointDenoiser(config, device);
        }
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
