package org.mppm.models.edm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.mppm.core.Denoiser;
import org.mppm.models.io.ModelDirectory;

/**
 * What every trainable EDM denoiser shares: its configuration, an {@link EdmNetwork} (EDM
 * preconditioning, EDM loss, persistence as a {@link ModelDirectory}), denoising, training,
 * saving and loading. Subclasses choose the network F and may check sample shapes with clearer
 * messages. Owns its DJL model: close it.
 *
 * @param <C> the configuration record, saved with the parameters
 */
public abstract class EdmDenoiser<C> implements Denoiser, AutoCloseable {
    private final C config;
    final EdmNetwork network;

    EdmDenoiser(C config, EdmNetwork network) {
        this.config = config;
        this.network = network;
    }

    /** Initialises a new denoiser's parameters from a generator seeded with {@code seed} (never the engine's). */
    static <D extends EdmDenoiser<?>> D initialised(D denoiser, long seed) {
        denoiser.network.initialize(seed);
        return denoiser;
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

    /**
     * Trains on {@code data [N, ...]} (finite) with the EDM loss; returns the loss of every iteration.
     * Each iteration's arrays live in a sub-manager closed after the step.
     *
     * @throws IllegalStateException if the loss becomes NaN or infinite (training diverged)
     */
    public double[] fit(NDArray data, FitConfig fit) {
        checkSamples("data", data);
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
}
