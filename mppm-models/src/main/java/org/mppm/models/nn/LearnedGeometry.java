package org.mppm.models.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mppm.core.DistanceField;
import org.mppm.core.Manifold;
import org.mppm.core.SeededNoise;
import org.mppm.models.io.ModelDirectory;
import org.mppm.models.train.EpochReport;
import org.mppm.core.CloseGuard;

/**
 * What a trained MPPM or LMPPM model is made of: an autoencoder F/G, a distance network D, the
 * training codes S = F(X_clean) {@code [N, d]}, and the training history; plus their persistence
 * (blocks {@code autoencoder} and {@code distance}, arrays {@code codes}). Owns its parameters and
 * codes in one manager: close it when done. Thread-safe: the views it hands out may be called from
 * many threads at once, and {@link #close()} waits for calls in flight (later calls fail cleanly).
 */
public abstract class LearnedGeometry implements AutoCloseable {
    private final NDManager manager;
    private final Autoencoder autoencoder;
    private final Mlp distanceNet;
    private final NDArray codes;
    private final List<EpochReport> history;
    /** Calls through {@link #manifold()} and {@link #distance()} run under it; {@link #close()} waits for them. */
    protected final CloseGuard guard;

    protected LearnedGeometry(Parts parts, List<EpochReport> history, String name) {
        this.guard = new CloseGuard(name);
        this.manager = parts.manager();
        this.autoencoder = parts.autoencoder();
        this.distanceNet = parts.distance();
        this.codes = parts.codes();
        this.history = List.copyOf(history);
    }

    /** The trained pieces and the manager that owns them. */
    public record Parts(NDManager manager, Autoencoder autoencoder, Mlp distance, NDArray codes) {}

    /**
     * Initialises a new autoencoder and then distance network (float32) in {@code manager},
     * drawing from {@code random} ({@link SeededInitializer}).
     */
    public static void initialize(NDManager manager, Autoencoder autoencoder, Mlp distance, SeededNoise random) {
        SeededInitializer.initialize(autoencoder.block(), manager, DataType.FLOAT32, random,
                new Shape(1).addAll(autoencoder.sampleShape()));
        SeededInitializer.initialize(distance, manager, DataType.FLOAT32, random, new Shape(1, distance.inputSize()));
    }

    /** Rebuilds the pieces saved in {@code contents} into the given (uninitialised) networks, on {@code device}. */
    public static Parts load(ModelDirectory.Contents contents, Autoencoder autoencoder, Mlp distance, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            // placeholder values, replaced by the saved ones
            initialize(manager, autoencoder, distance, new SeededNoise(0));
            contents.loadBlock("autoencoder", autoencoder.block(), manager);
            contents.loadBlock("distance", distance, manager);
            NDArray codes = contents.loadArrays("codes", manager).singletonOrThrow();
            return new Parts(manager, autoencoder, distance, codes);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Saves the networks and codes with the model's kind, seed and configuration, atomically. */
    protected void save(Path dir, String kind, long seed, Object config) {
        ModelDirectory.save(dir, kind, seed, config, Map.of("autoencoder", autoencoder.block(), "distance", distanceNet),
                Map.of("codes", new NDList(codes)));
    }

    /** The per-epoch training reports (empty for a loaded model). */
    public List<EpochReport> history() {
        return history;
    }

    /** F and G as a manifold: {@code [B, ...] <-> [B, d]}. */
    public Manifold manifold() {
        return new LearnedManifold(autoencoder, 1, guard);
    }

    /**
     * F and G as a manifold whose decodes take the input's skips scaled by kappa,
     * {@code G(kappa S + S-hat(z), z)} (see {@link LearnedManifold}); kappa = 1 is {@link #manifold()}.
     */
    public Manifold manifold(double skipScale) {
        return new LearnedManifold(autoencoder, skipScale, guard);
    }

    /** The trained autoencoder F/G itself (its block holds the parameters). */
    public Autoencoder autoencoder() {
        return autoencoder;
    }

    /** The trained distance network D itself. */
    public Mlp distanceNetwork() {
        return distanceNet;
    }

    /** The learned distance D with its closed-form gradient. */
    public DistanceField distance() {
        return new LearnedDistance(distanceNet, guard);
    }

    /** The training codes S = F(X_clean), {@code [N, d]}, owned by the model. */
    public NDArray codes() {
        guard.requireOpen();
        return codes;
    }

    /**
     * Frees the parameters and codes, and {@code derived} first (what the model built from them,
     * e.g. its kernel), once the calls in flight have finished; later calls fail with an
     * {@link IllegalStateException} naming the model.
     */
    protected void close(AutoCloseable... derived) {
        guard.close(() -> {
            for (AutoCloseable d : derived) {
                if (d != null) {
                    try {
                        d.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            manager.close();
        });
    }

    @Override
    public void close() {
        close(new AutoCloseable[0]);
    }
}
