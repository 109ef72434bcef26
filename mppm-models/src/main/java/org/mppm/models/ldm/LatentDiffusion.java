package org.mppm.models.ldm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mppm.core.Checks;
import org.mppm.core.SeededNoise;
import org.mppm.models.dae.Dae;
import org.mppm.models.io.ModelDirectory;
import org.mppm.models.nn.Stores;
import org.mppm.models.train.EpochReport;
import org.mppm.models.train.Fitter;
import org.mppm.models.train.ParameterGroup;
import org.mppm.models.train.TrainingListener;
import org.mppm.core.CloseGuard;
import org.mppm.core.Scopes;

/**
 * A trained latent diffusion model, the papers' LDM baseline: a DDPM (Ho et al. 2020) over the
 * latent codes {@code [N, d]} of an already trained autoencoder (the DAE's), with a
 * {@link NoisePredictor} trained by {@link DdpmLoss}. {@link #denoise} runs the reverse chain from
 * an intermediate step; {@link #restorer(Dae)} wraps it between the DAE's encoder and decoder,
 * with the saved start step and seed.
 * Owns its parameters: close it when done.
 */
public final class LatentDiffusion implements AutoCloseable {
    static final String KIND = "ldm";

    private final NDManager manager;
    private final LdmConfig config;
    private final NoisePredictor predictor;
    private final DdpmReverseChain chain;
    private final List<EpochReport> history;
    private final CloseGuard guard = new CloseGuard("latent diffusion model");

    private LatentDiffusion(NDManager manager, LdmConfig config, NoisePredictor predictor, List<EpochReport> history) {
        this.manager = manager;
        this.config = config;
        this.predictor = predictor;
        this.chain = new DdpmReverseChain(config.ddpm());
        this.history = List.copyOf(history);
    }

    public static LdmBuilder builder() {
        return new LdmBuilder();
    }

    static LatentDiffusion fit(LdmConfig config, NDArray codes, TrainingListener listener) {
        Checks.requirePoints("codes", codes, config.latentDimension());
        if (codes.getShape().get(0) < 2) {
            throw new IllegalArgumentException("need at least 2 codes to train, got " + codes.getShape().get(0));
        }
        Checks.requireData("codes", codes);
        NDManager manager = NDManager.newBaseManager(codes.getDevice());
        try {
            SeededNoise random = new SeededNoise(config.schedule().seed());
            NoisePredictor predictor = config.predictor();
            predictor.initialize(manager, random);
            NDArray data = codes.toType(DataType.FLOAT32, false).duplicate();
            data.attach(manager);
            Fitter.Result result = Fitter.fit(data, new DdpmLoss(predictor, config.ddpm()),
                    List.of(ParameterGroup.adam("predictor", predictor, config.learningRate(), config.weightDecay())),
                    config.schedule(), random, listener);
            data.close();
            return new LatentDiffusion(manager, config, predictor, result.reports());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** {@link #load(Path, Device)} on the engine's default device ({@code Engine.getInstance().defaultDevice()}). */
    public static LatentDiffusion load(Path dir) {
        return load(dir, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads a model saved by {@link #save} onto {@code device}, with its saved restoration settings
     * (a directory saved before they existed restores with {@link LdmRestoration#defaults}); a
     * missing, foreign or corrupt directory fails with a clear message.
     */
    public static LatentDiffusion load(Path dir, Device device) {
        ModelDirectory.Contents contents = ModelDirectory.read(dir, KIND);
        LdmConfig config = contents.config(LdmConfig.class);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            NoisePredictor predictor = config.predictor();
            // placeholder values, replaced by the saved ones
            predictor.initialize(manager, new SeededNoise(0));
            contents.loadBlock("predictor", predictor, manager);
            return new LatentDiffusion(manager, config, predictor, List.of());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Saves parameters, configuration, format version and seed into {@code dir}, atomically. */
    public void save(Path dir) {
        ModelDirectory.save(dir, KIND, config.schedule().seed(), config, Map.of("predictor", predictor), Map.of());
    }

    public LdmConfig config() {
        return config;
    }

    public DdpmSchedule schedule() {
        return chain.schedule();
    }

    public int latentDimension() {
        return config.latentDimension();
    }

    public List<EpochReport> history() {
        return history;
    }

    /** The trained {@code eps_theta(z_t, t / T)} (inference mode). */
    public NoiseEstimate noiseEstimate() {
        float steps = config.steps();
        return (zt, t) -> guard.call(() -> Scopes.scoped(zt, in -> {
            NDArray tau = in.getManager().full(new Shape(in.getShape().get(0), 1), t / steps, in.getDataType());
            return predictor.predict(Stores.direct(), in, tau, false);
        }));
    }

    /**
     * Takes {@code z} as {@code z_{t0}} (no noise is added) and runs the reverse chain to
     * {@code z_0} ({@link DdpmReverseChain}) with the trained noise estimate.
     *
     * @param z    codes {@code [B, d]}, finite
     * @param t0   the starting step, {@code 1 <= t0 <= T}
     * @param seed the seed of the chain's noise
     * @return {@code [B, d]}, in z's manager
     */
    public NDArray denoise(NDArray z, int t0, long seed) {
        return denoise(z, t0, seed, 0);
    }

    /**
     * {@link #denoise(NDArray, int, long)} for rows {@code firstSample, ...} of a larger job: row b's
     * chain noise is that of sample {@code firstSample + b} of the stream {@code seed}
     * ({@link DdpmReverseChain}), so a code's result does not depend on the chunk it is in.
     */
    public NDArray denoise(NDArray z, int t0, long seed, long firstSample) {
        schedule().requireStep("t0", t0);
        Checks.requirePoints("codes", z, config.latentDimension());
        Checks.requireDataType("codes", z, DataType.FLOAT32);
        Checks.requireData("codes", z);
        return chain.run(z, t0, noiseEstimate(), seed, firstSample);
    }

    /**
     * The restorer {@code G(denoise(F(x)))} with the DAE's encoder F and decoder G (the DAE whose
     * codes this model learnt) and exactly the saved start step and seed ({@link LdmConfig#restoration()}).
     */
    public LdmRestorer restorer(Dae dae) {
        return restoration(dae).build();
    }

    /** The restorer's builder preloaded with this model, the DAE and the saved start step and seed, for overrides. */
    public LdmRestorer.Builder restoration(Dae dae) {
        LdmRestoration r = config.restoration();
        return LdmRestorer.builder().diffusion(this).dae(dae).startStep(r.startStep()).seed(r.seed());
    }

    /** Frees the parameters once the calls in flight have finished; later calls fail with a clear message. */
    @Override
    public void close() {
        guard.close(manager::close);
    }
}
