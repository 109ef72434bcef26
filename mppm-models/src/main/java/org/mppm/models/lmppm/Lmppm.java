package org.mppm.models.lmppm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mppm.core.Checks;
import org.mppm.core.DistanceField;
import org.mppm.core.Manifold;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.models.io.ModelDirectory;
import org.mppm.models.nn.Autoencoder;
import org.mppm.models.nn.Codes;
import org.mppm.models.nn.LearnedDistance;
import org.mppm.models.nn.LearnedManifold;
import org.mppm.models.nn.Mlp;
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
public final class Lmppm implements AutoCloseable {
    static final String KIND = "lmppm";

    private final NDManager manager;
    private final LmppmConfig config;
    private final Autoencoder autoencoder;
    private final Mlp distanceNet;
    private final NDArray codes;
    private final List<EpochReport> history;
    private GaussianKernelDensity kernel;

    private Lmppm(NDManager manager, LmppmConfig config, Autoencoder autoencoder, Mlp distanceNet, NDArray codes,
            List<EpochReport> history) {
        this.manager = manager;
        this.config = config;
        this.autoencoder = autoencoder;
        this.distanceNet = distanceNet;
        this.codes = codes;
        this.history = List.copyOf(history);
    }

    public static LmppmBuilder builder() {
        return new LmppmBuilder();
    }

    static Lmppm fit(LmppmConfig config, NDArray clean, TrainingListener listener) {
        Autoencoder ae = config.autoencoder().create();
        ae.requireSamples("clean samples", clean, 2);
        Checks.requireFinite("clean", clean);
        NDManager manager = NDManager.newBaseManager(clean.getDevice());
        try (NearestClean nearest = new NearestClean(clean)) {
            Engine.getInstance().setRandomSeed((int) config.schedule().seed());
            Mlp d = new Mlp(config.distanceSizes(ae.latentDimension()), (float) config.dropout());
            initialize(manager, ae, d);
            NDArray data = clean.toType(DataType.FLOAT32, false).duplicate();
            data.attach(manager);
            Fitter.Result result = Fitter.fit(data,
                    new Eq14Loss(ae, d, nearest, config.weights(), config.trainingNoise(), config.clampNoisy()),
                    List.of(ParameterGroup.adam("autoencoder", ae.block(), config.autoencoderRate(), config.weightDecay()),
                            ParameterGroup.adam("distance", d, config.distanceRate(), config.weightDecay())),
                    config.schedule(), listener);
            NDArray codes = Codes.encodeAll(ae, data);
            data.close();
            return new Lmppm(manager, config, ae, d, codes, result.reports());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static void initialize(NDManager manager, Autoencoder ae, Mlp d) {
        ae.block().initialize(manager, DataType.FLOAT32, new Shape(1).addAll(ae.sampleShape()));
        d.initialize(manager, DataType.FLOAT32, new Shape(1, ae.latentDimension()));
    }

    /** Loads a model saved by {@link #save}; a missing, foreign or corrupt directory fails with a clear message. */
    public static Lmppm load(Path dir) {
        ModelDirectory.Contents contents = ModelDirectory.read(dir, KIND);
        LmppmConfig config = contents.config(LmppmConfig.class);
        NDManager manager = NDManager.newBaseManager();
        try {
            Autoencoder ae = config.autoencoder().create();
            Mlp d = new Mlp(config.distanceSizes(ae.latentDimension()), (float) config.dropout());
            initialize(manager, ae, d);
            contents.loadBlock("autoencoder", ae.block(), manager);
            contents.loadBlock("distance", d, manager);
            NDArray codes = contents.loadArrays("codes", manager).singletonOrThrow();
            return new Lmppm(manager, config, ae, d, codes, List.of());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Saves parameters, codes, configuration, format version and seed into {@code dir}, atomically. */
    public void save(Path dir) {
        ModelDirectory.save(dir, KIND, config.schedule().seed(), config,
                Map.of("autoencoder", autoencoder.block(), "distance", distanceNet), Map.of("codes", new NDList(codes)));
    }

    public LmppmConfig config() {
        return config;
    }

    public List<EpochReport> history() {
        return history;
    }

    /** F and G: {@code [B, ...] <-> [B, d]}. */
    public Manifold manifold() {
        return new LearnedManifold(autoencoder);
    }

    /** The latent distance D_S with its closed-form gradient, {@code [B, d] -> [B]}. */
    public DistanceField distance() {
        return new LearnedDistance(distanceNet);
    }

    /** The training codes S {@code [N, d]}, owned by the model. */
    public NDArray codes() {
        return codes;
    }

    /** The Gaussian kernel density over S with the configured sigma_ker (Eq. 5, 15); built once, owned by the model. */
    public synchronized GaussianKernelDensity kernel() {
        if (kernel == null) {
            kernel = GaussianKernelDensity.of(codes, config.kernelBandwidth());
        }
        return kernel;
    }

    /** Algorithm 2 with this model's F, G, D_S and z-bar; defaults alpha 0.15, beta 0.1, 16 steps. */
    public LatentMppmProjector.Builder restorer() {
        return LatentMppmProjector.builder().autoencoder(manifold()).distance(distance()).kernel(kernel());
    }

    @Override
    public synchronized void close() {
        if (kernel != null) {
            kernel.close();
        }
        manager.close();
    }
}
