package org.mppm.models.lmppm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import org.mppm.core.Checks;
import org.mppm.core.SeededNoise;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.models.io.ModelDirectory;
import org.mppm.models.nn.Autoencoder;
import org.mppm.models.nn.Codes;
import org.mppm.models.nn.LearnedGeometry;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.SkipDropout;
import org.mppm.models.train.EpochReport;
import org.mppm.models.train.Fitter;
import org.mppm.models.train.ParameterGroup;
import org.mppm.models.train.TrainingListener;
import org.mppm.samplers.mppm.LatentMppmProjector;

/**
 * A trained latent MPPM model (Section 4.2): autoencoder F/G and latent distance D_S trained
 * jointly with Eq. 14, the training codes S = F(X_clean) {@code [N, d]}, and the reconstruction of
 * Algorithm 2 ({@link #restorer()}). Samples are {@code [B, ...]} (e.g. images {@code [B, 1, 28, 28]}).
 * Owns its parameters, codes and kernel: close it when done.
 */
public final class Lmppm extends LearnedGeometry {
    static final String KIND = "lmppm";

    private final LmppmConfig config;
    private GaussianKernelDensity kernel;

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
            data.close();
            return new Lmppm(new Parts(manager, ae, d, codes), config, result.reports());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** {@link #load(Path, Device)} on the engine's default device. */
    public static Lmppm load(Path dir) {
        return load(dir, Engine.getInstance().defaultDevice());
    }

    /** Loads a model saved by {@link #save} onto {@code device}; a missing, foreign or corrupt directory fails with a clear message. */
    public static Lmppm load(Path dir, Device device) {
        ModelDirectory.Contents contents = ModelDirectory.read(dir, KIND);
        LmppmConfig config = contents.config(LmppmConfig.class);
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

    /** The Gaussian kernel density over S with the configured sigma_ker (Eq. 5, 15); built once, owned by the model. */
    public synchronized GaussianKernelDensity kernel() {
        guard.requireOpen();
        if (kernel == null) {
            kernel = GaussianKernelDensity.of(codes(), config.kernelBandwidth());
        }
        return kernel;
    }

    /** Algorithm 2 with this model's F, G, D_S and z-bar; defaults alpha 0.15, beta 0.1, 16 steps. */
    public LatentMppmProjector.Builder restorer() {
        return LatentMppmProjector.builder().autoencoder(manifold()).distance(distance()).kernel(kernel());
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
