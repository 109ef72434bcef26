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
import org.mppm.models.train.ValidationSplit;
import org.mppm.core.CloseGuard;
import org.mppm.core.Scopes;

/**
 * A trained latent diffusion model, the papers' LDM baseline: a DDPM (Ho et al. 2020) over the
 * latent codes {@code [N, d]} of an already trained autoencoder (the DAE's), with a
 * {@link NoisePredictor} trained by {@link DdpmLoss}. {@link #denoise} runs the reverse chain from
 * an intermediate step; {@link #restorer(Dae)} wraps it between the DAE's encoder and decoder,
 * with the saved start step (given, or chosen at fit on the validation split: {@link StartSearch})
 * and seed.
 * Owns its parameters: close it when done.
 */
public final class LatentDiffusion implements AutoCloseable {
    static final String KIND = "ldm";
    private static final System.Logger LOG = System.getLogger(LatentDiffusion.class.getName());

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

    /**
     * Trains on the codes; the start step, when the configuration leaves it to the fit, is chosen on
     * the validation split by {@link StartSearch} when the DAE and its clean samples are given, and is
     * min(200, T) otherwise (codes alone give nothing to restore).
     *
     * @param dae   the DAE whose codes these are, or null
     * @param clean the clean samples {@code [N, ...]} that {@code codes} encode, in that order, or null
     */
    static LatentDiffusion fit(LdmConfig config, NDArray codes, TrainingListener listener, Dae dae, NDArray clean) {
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
            LdmConfig fitted = config;
            if (config.searchesStart()) {
                fitted = config.withRestoration(config.restoration().withStartStep(dae == null
                        ? LdmRestoration.defaultStart(config.steps()) : chooseStart(manager, predictor, config, dae, clean)));
            }
            return new LatentDiffusion(manager, fitted, predictor, result.reports());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The start step {@link StartSearch} chooses for the trained predictor on the fit's validation split. */
    private static int chooseStart(NDManager manager, NoisePredictor predictor, LdmConfig config, Dae dae, NDArray clean) {
        // a model view over the trained predictor for the search; it owns nothing and is never closed
        LatentDiffusion provisional = new LatentDiffusion(manager, config, predictor, List.of());
        long start = System.nanoTime();
        StartSelection.Choice choice = StartSelection.choose(provisional, dae, clean,
                ValidationSplit.of(clean.getShape().get(0), config.schedule()), config);
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < choice.candidates().length; i++) {
            errors.append(String.format(java.util.Locale.ROOT, "%s%d %.5f", i == 0 ? "" : ", ", choice.candidates()[i],
                    choice.errors()[i]));
        }
        LOG.log(System.Logger.Level.INFO, String.format(java.util.Locale.ROOT,
                "LDM start step chosen on %d validation samples in %.1f s: t0 %d; validation MSE by t0: %s", choice.samples(),
                (System.nanoTime() - start) / 1e9, choice.startStep(), errors));
        return choice.startStep();
    }

    /** {@link #load(Path, Device)} on the engine's default device ({@code Engine.getInstance().defaultDevice()}). */
    public static LatentDiffusion load(Path dir) {
        return load(dir, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads a model saved by {@link #save} onto {@code device}, with its saved restoration settings
     * (a directory saved before they existed, or without a start step, restores with
     * {@link LdmRestoration#defaults}: t0 = min(200, T)); a missing, foreign or corrupt directory
     * fails with a clear message.
     */
    public static LatentDiffusion load(Path dir, Device device) {
        ModelDirectory.Contents contents = ModelDirectory.read(dir, KIND);
        LdmConfig saved = contents.config(LdmConfig.class);
        LdmConfig config = saved.searchesStart()
                ? saved.withRestoration(saved.restoration().withStartStep(LdmRestoration.defaultStart(saved.steps()))) : saved;
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
