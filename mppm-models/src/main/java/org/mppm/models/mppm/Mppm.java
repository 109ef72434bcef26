package org.mppm.models.mppm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import org.mppm.core.Checks;
import org.mppm.core.Projector;
import org.mppm.core.SeededNoise;
import org.mppm.core.density.ManifoldMean;
import org.mppm.models.io.ModelDirectory;
import org.mppm.models.nn.LearnedGeometry;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.MlpAutoencoder;
import org.mppm.models.nn.Stores;
import org.mppm.models.train.EpochReport;
import org.mppm.models.train.Fitter;
import org.mppm.models.train.ParameterGroup;
import org.mppm.models.train.TrainingListener;
import org.mppm.models.train.TrainingSchedule;
import org.mppm.samplers.mppm.MppmProjector;

/**
 * A trained pixel-space MPPM model (Section 4.1): autoencoder F/G and distance network D trained
 * jointly with Eq. 13, the training codes S = F(X_clean), and the restoration flow of Algorithm 1
 * (Eq. 12 with G-bar by Eq. 19-20). Points are {@code [B, D]}.
 *
 * <pre>{@code
 * try (Mppm model = Mppm.builder().trainingNoise(0.1).seed(7).fit(clean)) {
 *     NDArray restored = model.restorer().restore(noisy);
 *     model.save(Path.of("circle-mppm"));
 * }
 * }</pre>
 * Owns its parameters and codes: close it when done.
 */
public final class Mppm extends LearnedGeometry {
    static final String KIND = "mppm";

    private final MppmConfig config;
    private ManifoldMean manifoldMean;

    private Mppm(Parts parts, MppmConfig config, List<EpochReport> history) {
        super(parts, history, "MPPM model");
        this.config = config;
    }

    public static MppmBuilder builder() {
        return new MppmBuilder();
    }

    /** Trains a model on clean points {@code [N, D]} (float32 on their device). */
    static Mppm fit(MppmConfig config, NDArray clean, TrainingListener listener) {
        Checks.requirePoints("clean", clean, config.ambientDimension());
        Checks.requireData("clean", clean);
        NDManager manager = NDManager.newBaseManager(clean.getDevice());
        try {
            TrainingSchedule schedule = config.schedule();
            SeededNoise random = new SeededNoise(schedule.seed());
            MlpAutoencoder ae = new MlpAutoencoder(config.encoderSizes());
            Mlp d = new Mlp(config.distanceSizes(), (float) config.dropout());
            initialize(manager, ae, d, random);
            NDArray data = clean.toType(DataType.FLOAT32, true);
            data.attach(manager);
            Fitter.Result result = Fitter.fit(data,
                    new Eq13Loss(ae, d, config.weights(), config.trainingNoise()),
                    List.of(ParameterGroup.adam("autoencoder", ae, config.autoencoderRate(), config.weightDecay()),
                            ParameterGroup.adam("distance", d, config.distanceRate(), config.weightDecay())),
                    schedule, random, listener);
            NDArray codes = ae.encode(Stores.direct(), data, false);
            codes.attach(manager);
            data.close();
            return new Mppm(new Parts(manager, ae, d, codes), config, result.reports());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** {@link #load(Path, Device)} on the engine's default device ({@code Engine.getInstance().defaultDevice()}). */
    public static Mppm load(Path dir) {
        return load(dir, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads a model saved by {@link #save} onto {@code device}, with its saved kernel and restoration
     * settings (a directory saved before the restoration settings existed restores with
     * {@link MppmRestoration#DEFAULTS}); fails with a clear message on a missing, foreign or corrupt directory.
     */
    public static Mppm load(Path dir, Device device) {
        ModelDirectory.Contents contents = ModelDirectory.read(dir, KIND);
        MppmConfig config = contents.config(MppmConfig.class);
        return new Mppm(LearnedGeometry.load(contents, new MlpAutoencoder(config.encoderSizes()),
                new Mlp(config.distanceSizes(), (float) config.dropout()), device), config, List.of());
    }

    /** Saves parameters, codes, configuration, format version and seed into {@code dir}, atomically. */
    public void save(Path dir) {
        save(dir, KIND, config.schedule().seed(), config);
    }

    public MppmConfig config() {
        return config;
    }

    /** G-bar (Eq. 10, 19-20) over the training codes with the configured kernel; built once, owned by the model. */
    public synchronized ManifoldMean manifoldMean() {
        guard.requireOpen();
        if (manifoldMean == null) {
            manifoldMean = ManifoldMean.of(manifold(), codes(), config.kernelBandwidth(), config.kernelNoise(),
                    config.samplesPerCode(), config.schedule().seed());
        }
        return manifoldMean;
    }

    /**
     * Algorithm 1 with the learned D, this model's G-bar and exactly its saved settings
     * ({@link MppmConfig#restoration()}): a loaded model's restorer gives the saved model's bits.
     * {@code restorer().restore(x)}, {@code [B, D] -> [B, D]}.
     */
    public Projector restorer() {
        return restoration().build();
    }

    /** Algorithm 1's builder preloaded with this model's D, G-bar and saved settings, for overrides. */
    public MppmProjector.Builder restoration() {
        ManifoldMean gbar = manifoldMean();
        MppmRestoration r = config.restoration();
        MppmProjector.Builder b = MppmProjector.builder().distance(distance()).pullTowards(gbar::mean)
                .alpha(r.alpha()).beta(r.beta());
        return r.tolerance() > 0 ? b.tolerance(r.tolerance(), r.maxSteps()) : b.steps(r.maxSteps());
    }

    /** Frees the model and its G-bar samples once the calls in flight have finished; later calls fail cleanly. */
    @Override
    public void close() {
        close(this::closeManifoldMean);
    }

    private synchronized void closeManifoldMean() {
        if (manifoldMean != null) {
            manifoldMean.close();
        }
    }
}
