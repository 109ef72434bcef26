package org.mppm.models.edm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiFunction;
import org.mppm.core.Denoiser;
import org.mppm.core.NoGrad;
import org.mppm.models.io.ModelDirectory;

/**
 * What every trainable EDM denoiser shares: its configuration, an {@link EdmNetwork} (EDM
 * preconditioning, EDM loss, persistence as a {@link ModelDirectory}), denoising, training,
 * saving and loading. Subclasses choose the network F and may check sample shapes with clearer
 * messages. Owns its DJL model: close it.
 *
 * <p>Lifecycle: {@code builder().config(...).seed(...).training(...).fit(data)} returns the trained
 * denoiser, on the data's device; {@code save(dir)}; {@code load(dir)} on the engine's default
 * device ({@code Engine.getInstance().defaultDevice()}) or {@code load(dir, device)}. A loaded
 * denoiser denoises bit for bit as the saved one did.
 *
 * @param <C> the configuration record, saved with the parameters
 */
public abstract class EdmDenoiser<C> implements Denoiser, AutoCloseable {
    private final C config;
    final EdmNetwork network;
    private double[] losses = new double[0];

    EdmDenoiser(C config, EdmNetwork network) {
        this.config = config;
        this.network = network;
    }

    /** Initialises a new denoiser's parameters from a generator seeded with {@code seed} (never the engine's). */
    static <D extends EdmDenoiser<?>> D initialised(D denoiser, long seed) {
        try {
            denoiser.network.initialize(seed);
            return denoiser;
        } catch (RuntimeException e) {
            denoiser.close();
            throw e;
        }
    }

    /** Initialises a new denoiser from {@code seed} and trains it on {@code data}; closes it if that fails. */
    static <D extends EdmDenoiser<?>> D trained(D denoiser, long seed, NDArray data, FitConfig fit) {
        initialised(denoiser, seed);
        try {
            denoiser.checkSamples("data", data);
            ((EdmDenoiser<?>) denoiser).losses = denoiser.network.fit(data, fit);
            return denoiser;
        } catch (RuntimeException e) {
            denoiser.close();
            throw e;
        }
    }

    /** Loads the denoiser of the given kind saved in {@code dir} onto {@code device}, rebuilt from its saved configuration. */
    static <C, D extends EdmDenoiser<C>> D load(Path dir, String kind, Class<C> configType, Device device,
            BiFunction<C, Device, D> make) {
        ModelDirectory.Contents contents = EdmNetwork.read(dir, kind);
        D denoiser = make.apply(contents.config(configType), device);
        try {
            denoiser.network.loadParameters(contents);
        } catch (RuntimeException e) {
            denoiser.close();
            throw e;
        }
        return denoiser;
    }

    public C config() {
        return config;
    }

    /** Checks a batch of samples before it reaches the network; the network checks again, more tersely. */
    void checkSamples(String name, NDArray x) {}

    /** {@code D(x; sigma)} for {@code x [B, ...]}, {@code sigma > 0}; x's data type, in x's manager. */
    @Override
    public NDArray denoise(NDArray x, double sigma) {
        checkSamples("x", x);
        return network.denoise(x, sigma);
    }

    /** The EDM loss of every training iteration (empty for a loaded or untrained denoiser). */
    public double[] trainingLosses() {
        return losses.clone();
    }

    /** Writes parameters, configuration, format version and seed into {@code dir}, atomically ({@link ModelDirectory}). */
    public void save(Path dir) {
        network.save(dir, config);
    }

    @Override
    public void close() {
        network.close();
    }

    /**
     * Configures and trains a denoiser. Required: {@link #config}. Optional: {@link #seed} (the
     * initial parameters; default 7) and {@link #training} (iterations, batch, learning rate, noise
     * levels, EMA and the seed of the minibatches and noise; default {@code FitConfig.builder().build()}).
     *
     * @param <C> the configuration
     * @param <D> the denoiser
     * @param <B> the concrete builder
     */
    public abstract static class Builder<C, D extends EdmDenoiser<C>, B extends Builder<C, D, B>> {
        private C config;
        private long seed = 7;
        private FitConfig training = FitConfig.builder().build();

        Builder() {}

        abstract B self();

        abstract D create(C config, Device device);

        /** The architecture (required). */
        public B config(C architecture) {
            this.config = architecture;
            return self();
        }

        /** The seed of the initial parameters (drawn on the host, never from the engine); default 7. */
        public B seed(long s) {
            this.seed = s;
            return self();
        }

        /** How it trains ({@link FitConfig}; its seed fixes the minibatches, noise and levels). */
        public B training(FitConfig fit) {
            this.training = Objects.requireNonNull(fit, "training");
            return self();
        }

        private C requireConfig() {
            if (config == null) {
                throw new IllegalStateException("config is required: call config(...) with the architecture");
            }
            return config;
        }

        /**
         * Trains on {@code data [N, ...]} (finite) with the EDM loss, on the data's device, and
         * returns the trained denoiser ({@link #trainingLosses()} holds the loss of every iteration).
         *
         * @throws IllegalStateException if the loss becomes NaN or infinite (training diverged)
         */
        public D fit(NDArray data) {
            C c = requireConfig();
            Objects.requireNonNull(data, "data");
            try (NoGrad outsideSteps = NoGrad.enter()) {
                return trained(create(c, data.getDevice()), seed, data, training);
            }
        }

        /** The denoiser with its seeded initial parameters and no training (a baseline), on the engine's default device. */
        public D untrained() {
            return initialised(create(requireConfig(), Engine.getInstance().defaultDevice()), seed);
        }
    }
}
