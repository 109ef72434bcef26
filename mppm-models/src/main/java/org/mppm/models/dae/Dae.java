package org.mppm.models.dae;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mppm.core.Manifold;
import org.mppm.core.NoGrad;
import org.mppm.core.Restorer;
import org.mppm.core.SeededNoise;
import org.mppm.models.io.ModelDirectory;
import org.mppm.models.nn.Autoencoder;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.nn.LearnedManifold;
import org.mppm.models.nn.SeededInitializer;
import org.mppm.models.nn.SkipDropout;
import org.mppm.models.train.EpochReport;
import org.mppm.models.train.Fitter;
import org.mppm.models.train.ParameterGroup;
import org.mppm.models.train.TrainingListener;
import org.mppm.models.train.AutoencoderTrainingOptions;
import org.mppm.core.CloseGuard;

/**
 * A trained denoising autoencoder, the papers' DAE baseline: restoration is {@code G(F(x))},
 * {@code [B, ...] -> [B, ...]} (points or images). Owns its parameters: close it when done.
 * Thread-safe: {@link #restore} and the views may be called from many threads at once;
 * {@link #close()} waits for calls in flight, later calls fail with an {@link IllegalStateException}.
 */
public final class Dae implements AutoCloseable {
    static final String KIND = "dae";

    private final NDManager manager;
    private final DaeConfig config;
    private final Autoencoder autoencoder;
    private final List<EpochReport> history;
    private final CloseGuard guard = new CloseGuard("DAE model");

    private Dae(NDManager manager, DaeConfig config, Autoencoder autoencoder, List<EpochReport> history) {
        this.manager = manager;
        this.config = config;
        this.autoencoder = autoencoder;
        this.history = List.copyOf(history);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code G(F(x))}: {@code [B, ...] -> [B, ...]}, in x's manager. */
    public NDArray restore(NDArray x) {
        Manifold m = manifold();
        return m.project(x);
    }

    /** The DAE as a {@link Restorer}: {@code G(F(x))}, deterministic. */
    public Restorer restorer() {
        return (x, firstSample) -> restore(x);
    }

    public Manifold manifold() {
        return new LearnedManifold(autoencoder, 1, guard);
    }

    /** F and G decoding with the input's skips scaled by kappa, {@code G(kappa S + S-hat(z), z)} ({@link LearnedManifold}). */
    public Manifold manifold(double skipScale) {
        return new LearnedManifold(autoencoder, skipScale, guard);
    }

    /** The trained autoencoder itself (e.g. for a latent model built on its codes). */
    public Autoencoder autoencoder() {
        guard.requireOpen();
        return autoencoder;
    }

    public DaeConfig config() {
        return config;
    }

    public List<EpochReport> history() {
        return history;
    }

    public void save(Path dir) {
        ModelDirectory.save(dir, KIND, config.schedule().seed(), config, Map.of("autoencoder", autoencoder.block()), Map.of());
    }

    /** {@link #load(Path, Device)} on the engine's default device. */
    public static Dae load(Path dir) {
        return load(dir, Engine.getInstance().defaultDevice());
    }

    /** Loads a DAE saved by {@link #save} onto {@code device}. */
    public static Dae load(Path dir, Device device) {
        ModelDirectory.Contents contents = ModelDirectory.read(dir, KIND);
        DaeConfig config = contents.config(DaeConfig.class);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Autoencoder ae = config.autoencoder().create();
            // placeholder values, replaced by the saved ones
            SeededInitializer.initialize(ae.block(), manager, DataType.FLOAT32, new SeededNoise(0),
                    new Shape(1).addAll(ae.sampleShape()));
            contents.loadBlock("autoencoder", ae.block(), manager);
            return new Dae(manager, config, ae, List.of());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    static Dae fit(DaeConfig config, NDArray clean, TrainingListener listener) {
        Autoencoder ae = config.autoencoder().create();
        ae.requireSamples("clean samples", clean, 2);
        ae.requireValues("clean", clean);
        NDManager manager = NDManager.newBaseManager(clean.getDevice());
        try {
            SeededNoise random = new SeededNoise(config.schedule().seed());
            SeededInitializer.initialize(ae.block(), manager, DataType.FLOAT32, random, new Shape(1).addAll(ae.sampleShape()));
            NDArray data = clean.toType(DataType.FLOAT32, true);
            data.attach(manager);
            Fitter.Result result = Fitter.fit(data, new DaeLoss(ae, config.trainingNoise(), config.clampNoisy(),
                    new SkipDropout(config.skipDropout())),
                    List.of(ParameterGroup.adam("autoencoder", ae.block(), config.learningRate(), config.weightDecay())),
                    config.schedule(), random, listener);
            data.close();
            return new Dae(manager, config, ae, result.reports());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Frees the parameters once the calls in flight have finished; later calls fail with a clear message. */
    @Override
    public void close() {
        guard.close(manager::close);
    }

    /**
     * Configures and trains a DAE. Defaults match the MPPM builder's autoencoder and schedule
     * (3-64-32-16-8, noise 0.1, Adam 1e-3, weight decay 1e-4, batch 550, 500 epochs, patience 100).
     */
    public static final class Builder extends AutoencoderTrainingOptions<Builder> {
        private double learningRate = 1e-3;
        private AutoencoderSpec autoencoder;
        private double skipDropout;
        private boolean clampNoisy;

        Builder() {
            super(0.1, 500, 550, 100);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** An MLP autoencoder with these encoder widths (the decoder mirrors them). */
        public Builder encoder(int... sizes) {
            this.autoencoder = AutoencoderSpec.mlp(sizes);
            return this;
        }

        /** The autoencoder architecture; {@link #encoder(int...)} picks an MLP. */
        public Builder autoencoder(AutoencoderSpec spec) {
            this.autoencoder = spec;
            return this;
        }

        public Builder learningRate(double rate) {
            this.learningRate = rate;
            return this;
        }

        /** Clamp the noisy training samples to [0, 1] (images; as the authors' code); default false. */
        public Builder clampNoisy(boolean clamp) {
            this.clampNoisy = clamp;
            return this;
        }

        /** Probability of decoding a training sample without the encoder's skips (U-Net only; default 0). */
        public Builder skipDropout(double p) {
            this.skipDropout = p;
            return this;
        }

        public DaeConfig config() {
            // same default architecture as MPPM when none was chosen
            AutoencoderSpec spec = autoencoder != null ? autoencoder : AutoencoderSpec.mlp(3, 64, 32, 16, 8);
            return new DaeConfig(spec, trainingNoise, learningRate, weightDecay, schedule(), skipDropout, clampNoisy);
        }

        /** Trains on clean points {@code [N, D]}. */
        public Dae fit(NDArray clean) {
            try (NoGrad outsideSteps = NoGrad.enter()) {
                return Dae.fit(config(), clean, listener);
            }
        }
    }
}
