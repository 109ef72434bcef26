package org.mppm.models.lmppm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import org.mppm.core.SeededNoise;
import org.mppm.core.KernelDensity;
import org.mppm.models.io.ModelDirectory;
import org.mppm.models.nn.Autoencoder;
import org.mppm.models.nn.Codes;
import org.mppm.models.nn.GuardedKernelDensity;
import org.mppm.models.nn.LearnedGeometry;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.SkipDropout;
import org.mppm.models.train.EpochReport;
import org.mppm.models.train.Fitter;
import org.mppm.models.train.ParameterGroup;
import org.mppm.models.train.TrainingListener;
import org.mppm.models.train.ValidationSplit;
import org.mppm.samplers.mppm.LatentMppmProjector;

/**
 * A trained latent MPPM model (Section 4.2): autoencoder F/G and latent distance D_S trained
 * jointly with Eq. 14, the training codes S = F(X_clean) {@code [N, d]}, and the reconstruction of
 * Algorithm 2 ({@link #restorer()}). Samples are {@code [B, ...]} (e.g. images {@code [B, 1, 28, 28]}).
 * Owns its parameters, codes and kernel: close it when done.
 */
public final class Lmppm extends LearnedGeometry {
    static final String KIND = "lmppm";
    private static final System.Logger LOG = System.getLogger(Lmppm.class.getName());

    private final LmppmConfig config;
    private KernelDensity.Owned kernel;

    private Lmppm(Parts parts, LmppmConfig config, List<EpochReport> history) {
        super(parts, history, "LMPPM model");
        this.config = config;
    }

    public static LmppmBuilder builder() {
        return new LmppmBuilder();
    }

    static Lmppm fit(LmppmConfig config, NDArray clean, TrainingListener listener) {
        Autoencoder ae = config.autoencoder().create();
        ae.requireSamples("clean samples", clean, 2);
        ae.requireValues("clean", clean);
        long n = clean.getShape().get(0);
        if (config.kernelBandwidth() == null && n < config.samplesForKernelRule()) {
            throw new IllegalArgumentException("kernelPerplexity " + config.kernelPerplexity() + " needs at least "
                    + config.samplesForKernelRule() + " training samples to set sigma_ker from the codes, got " + n
                    + ": set kernelBandwidth or a smaller kernelPerplexity");
        }
        NDManager manager = NDManager.newBaseManager(clean.getDevice());
        try (NearestClean nearest = new NearestClean(clean)) {
            SeededNoise random = new SeededNoise(config.schedule().seed());
            Mlp d = new Mlp(config.distanceSizes(ae.latentDimension()), (float) config.dropout());
            initialize(manager, ae, d, random);
            NDArray data = clean.toType(DataType.FLOAT32, false).duplicate();
            data.attach(manager);
            Fitter.Result result = Fitter.fit(data,
                    new Eq14Loss(ae, d, nearest, config.weights(), config.trainingNoise(), config.clampNoisy(), config.variant(),
                            new SkipDropout(config.skipDropout())),
                    List.of(ParameterGroup.adam("autoencoder", ae.block(), config.autoencoderRate(), config.weightDecay()),
                            ParameterGroup.adam("distance", d, config.distanceRate(), config.weightDecay())),
                    config.schedule(), random, listener);
            NDArray codes = Codes.encodeAll(ae, data);
            Parts parts = new Parts(manager, ae, d, codes);
            LmppmConfig fitted = chooseSettings(parts, data, config);
            data.close();
            return new Lmppm(parts, fitted, result.reports());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The configuration with sigma_ker and the restoration set: as given, or chosen on the fit's
     * validation split ({@link RestorationSearch}); sigma_ker chosen as a multiple of the
     * perplexity rule is that multiple of the rule on all N codes.
     */
    private static LmppmConfig chooseSettings(Parts parts, NDArray data, LmppmConfig config) {
        double rule = config.kernelBandwidth() != null ? config.kernelBandwidth()
                : RestorationSelection.ruleBandwidth(parts.codes(), config);
        LmppmConfig fitted = config.withKernelBandwidth(rule);
        if (config.restorationSearch() != null && (config.kernelBandwidth() == null || config.restoration() == null)) {
            // a model view over the fitted parts for the search; it owns nothing and is never closed
            Lmppm provisional = new Lmppm(parts, config, List.of());
            long start = System.nanoTime();
            RestorationSelection.Choice choice = RestorationSelection.choose(provisional.manifold(), provisional.distance(),
                    parts.codes(), data, ValidationSplit.of(data.getShape().get(0), config.schedule()), config, rule,
                    config.clampNoisy() || parts.autoencoder().sampleShape().dimension() == 3);
            LOG.log(System.Logger.Level.INFO, String.format(java.util.Locale.ROOT,
                    "LMPPM restoration chosen on %d validation samples in %.1f s: sigma_ker %.4g (%.3g x rule), %s;"
                            + " validation MSE %.5f, G(F(x)) %.5f", choice.samples(), (System.nanoTime() - start) / 1e9,
                    choice.bandwidthScale() * rule, choice.bandwidthScale(), choice.restoration(), choice.validationError(),
                    choice.autoencoderError()));
            return fitted.withKernelBandwidth(choice.bandwidthScale() * rule).withRestoration(choice.restoration());
        }
        return config.restoration() != null ? fitted : fitted.withRestoration(LmppmRestoration.DEFAULTS);
    }

    /** {@link #load(Path, Device)} on the engine's default device ({@code Engine.getInstance().defaultDevice()}). */
    public static Lmppm load(Path dir) {
        return load(dir, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads a model saved by {@link #save} onto {@code device}, with its saved sigma_ker and
     * restoration settings (a directory saved before the restoration settings existed restores
     * with {@link LmppmRestoration#DEFAULTS}); a missing, foreign or corrupt directory fails with a
     * clear message.
     */
    public static Lmppm load(Path dir, Device device) {
        ModelDirectory.Contents contents = ModelDirectory.read(dir, KIND);
        LmppmConfig saved = contents.config(LmppmConfig.class);
        if (saved.kernelBandwidth() == null) {
            throw new IllegalArgumentException(dir.resolve(ModelDirectory.MANIFEST) + ": the configuration has no kernelBandwidth");
        }
        LmppmConfig config = saved.restoration() != null ? saved : saved.withRestoration(LmppmRestoration.DEFAULTS);
        Autoencoder ae = config.autoencoder().create();
        return new Lmppm(LearnedGeometry.load(contents, ae, new Mlp(config.distanceSizes(ae.latentDimension()),
                (float) config.dropout()), device), config, List.of());
    }

    /** Saves parameters, codes, configuration, format version and seed into {@code dir}, atomically. */
    public void save(Path dir) {
        save(dir, KIND, config.schedule().seed(), config);
    }

    public LmppmConfig config() {
        return config;
    }

    /**
     * The Gaussian kernel density over S with the model's sigma_ker in its {@link KernelMetric}
     * (Eq. 5, 15); built once, owned by the model (do not close it).
     */
    public synchronized KernelDensity kernel() {
        guard.requireOpen();
        if (kernel == null) {
            kernel = config.kernelMetric().density(codes(), config.kernelBandwidth());
        }
        return new GuardedKernelDensity(kernel, guard);
    }

    /**
     * A kernel density over S in the model's {@link KernelMetric} at another sigma_ker (in that
     * metric's units), for research variants ({@code restoration().kernel(k)}); the caller closes it.
     */
    public KernelDensity.Owned kernel(double bandwidth) {
        return guard.call(() -> config.kernelMetric().density(codes(), bandwidth));
    }

    /**
     * Algorithm 2 with this model's F, G, D_S and z-bar and exactly its saved settings
     * ({@link LmppmConfig#restoration()}): a loaded model's restorer gives the saved model's bits.
     * A {@link org.mppm.core.Projector}, so also a {@link org.mppm.core.Restorer}:
     * {@code restorer().restore(x)}, {@code [B, ...] -> [B, ...]}.
     */
    public LatentMppmProjector restorer() {
        return restoration().build();
    }

    /**
     * Algorithm 2's builder preloaded with this model's F, G, D_S, z-bar and saved alpha, beta,
     * steps and variant, for overrides and research variants (e.g. {@code .steps(8).build()}).
     */
    public LatentMppmProjector.Builder restoration() {
        return restoration(config.restoration());
    }

    /**
     * Algorithm 2's builder with this model's F, G, D_S and z-bar and these alpha, beta, steps and
     * variant, e.g. the saved ones with an override ({@code restoration(config().restoration().withSteps(8))}).
     */
    public LatentMppmProjector.Builder restoration(LmppmRestoration r) {
        java.util.Objects.requireNonNull(r, "restoration");
        return LatentMppmProjector.builder().autoencoder(manifold()).distance(distance()).kernel(kernel())
                .alpha(r.alpha()).beta(r.beta()).steps(r.steps()).reencodeEachStep(r.reencodeEachStep())
                .skipsFollowRestoration(r.skipsFollowRestoration());
    }

    /** Frees the model and its kernel once the calls in flight have finished; later calls fail cleanly. */
    @Override
    public void close() {
        close(this::closeKernel);
    }

    private synchronized void closeKernel() {
        if (kernel != null) {
            kernel.close();
        }
    }
}
