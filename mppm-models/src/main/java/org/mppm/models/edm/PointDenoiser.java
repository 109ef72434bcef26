package org.mppm.models.edm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.mppm.core.Checks;
import org.mppm.core.Denoiser;
import org.mppm.core.Scopes;
import org.mppm.core.SeededNoise;
import org.mppm.core.edm.EdmPreconditioning;

/**
 * A trainable EDM denoiser for points {@code [B, D]} (Karras et al. 2022; reference.md): an MLP F
 * on {@code [c_in(s) x, c_noise(s)]} wrapped in the preconditioning
 * {@code D(x; s) = c_skip(s) x + c_out(s) F(c_in(s) x; c_noise(s))} ({@link EdmPreconditioning}),
 * trained with the EDM loss ({@link FitConfig}). A {@link Denoiser}, so EDM and MAD sampling run
 * on it unchanged. The network computes in FLOAT32; {@link #denoise} returns x's data type, in
 * x's manager.
 *
 * <p>Reproducible: initial parameters come from DJL's engine generator seeded with the given seed
 * (global engine state, set just before initialisation), minibatches, noise and levels from
 * {@link SplittableRandom}s seeded by {@link FitConfig#seed()}. Owns its DJL {@link Model}: close it.
 * Inference is thread-safe; {@link #fit} is not (and must not run concurrently with inference).
 * Saving writes the parameters and {@code config.json} (architecture and a format version) into a
 * temporary directory that is then moved into place.
 */
public final class PointDenoiser implements Denoiser, AutoCloseable {
    private static final String NAME = "edm-point-denoiser";
    private static final String CONFIG = "config.json";
    private static final int FORMAT_VERSION = 1;
    private static final Gson GSON = new Gson();

    private final PointDenoiserConfig config;
    private final EdmPreconditioning preconditioning;
    private final Model model;

    private PointDenoiser(PointDenoiserConfig config) {
        this.config = config;
        this.preconditioning = new EdmPreconditioning(config.sigmaData());
        this.model = Model.newInstance(NAME, Device.cpu());
        model.setBlock(network(config));
    }

    /** A freshly initialised denoiser; the seed fixes the initial parameters. */
    public static PointDenoiser create(PointDenoiserConfig config, long seed) {
        PointDenoiser denoiser = new PointDenoiser(config);
        Engine.getInstance().setRandomSeed(Math.floorMod(seed, Integer.MAX_VALUE));
        denoiser.model.getBlock().initialize(denoiser.model.getNDManager(), DataType.FLOAT32,
                new Shape(1, config.dimension() + 1));
        return denoiser;
    }

    /** Loads a denoiser saved with {@link #save}. */
    public static PointDenoiser load(Path dir) {
        try {
            JsonObject json = GSON.fromJson(Files.readString(dir.resolve(CONFIG), StandardCharsets.UTF_8), JsonObject.class);
            int version = json.get("formatVersion").getAsInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        dir + " has format version " + version + ", expected " + FORMAT_VERSION);
            }
            List<Integer> hidden = new ArrayList<>();
            json.getAsJsonArray("hidden").forEach(e -> hidden.add(e.getAsInt()));
            PointDenoiserConfig config = new PointDenoiserConfig(json.get("dimension").getAsInt(), hidden,
                    json.get("sigmaData").getAsDouble());
            PointDenoiser denoiser = new PointDenoiser(config);
            try {
                denoiser.model.load(dir, NAME);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                denoiser.close();
                throw e;
            }
            return denoiser;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load a point denoiser from " + dir, e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException("malformed point denoiser parameters in " + dir, e);
        }
    }

    public PointDenoiserConfig config() {
        return config;
    }

    /** {@code D(x; sigma)} for {@code x [B, D]}, {@code sigma > 0}; same data type as x, in x's manager. */
    @Override
    public NDArray denoise(NDArray x, double sigma) {
        Checks.requirePoints("x", x, config.dimension());
        Checks.requirePositive("sigma", sigma);
        return Scopes.scoped(x, in -> {
            NDManager m = in.getManager();
            Shape column = new Shape(in.getShape().get(0), 1);
            ParameterStore parameters = new ParameterStore(m, false);
            NDArray out = precondition(input -> model.getBlock().forward(parameters, input, false),
                    in.toType(DataType.FLOAT32, false),
                    m.full(column, (float) preconditioning.cSkip(sigma)),
                    m.full(column, (float) preconditioning.cOut(sigma)),
                    m.full(column, (float) preconditioning.cIn(sigma)),
                    m.full(column, (float) preconditioning.cNoise(sigma)));
            return out.getDataType() == in.getDataType() ? out : out.toType(in.getDataType(), false);
        });
    }

    /**
     * Trains on {@code data [N, D]} (finite) with the EDM loss; returns the loss of every iteration.
     * Each iteration's arrays live in a sub-manager closed after the step.
     */
    public double[] fit(NDArray data, FitConfig fit) {
        Checks.requirePoints("data", data, config.dimension());
        Checks.requireFinite("data", data);
        int d = config.dimension();
        int n = Math.toIntExact(data.getShape().get(0));
        double[] host;
        try (NDArray copy = data.toType(DataType.FLOAT64, true)) {
            host = copy.toDoubleArray();
        }
        SplittableRandom random = new SplittableRandom(fit.seed());
        DefaultTrainingConfig training = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed((float) fit.learningRate())).build());
        double[] losses = new double[fit.iterations()];
        int b = fit.batchSize();
        try (Trainer trainer = model.newTrainer(training)) {
            trainer.initialize(new Shape(1, d + 1)); // registers the (already initialised) parameters
            for (int it = 0; it < fit.iterations(); it++) {
                double[] y = new double[b * d];
                double[] cSkip = new double[b];
                double[] cOut = new double[b];
                double[] cIn = new double[b];
                double[] cNoise = new double[b];
                double[] weight = new double[b];
                double[] sigmas = fit.noise().sample(b, random);
                double[] noisy = new double[b * d];
                for (int i = 0; i < b; i++) {
                    int row = random.nextInt(n);
                    double s = sigmas[i];
                    for (int j = 0; j < d; j++) {
                        y[i * d + j] = host[row * d + j];
                        noisy[i * d + j] = y[i * d + j] + s * SeededNoise.gaussian(random);
                    }
                    cSkip[i] = preconditioning.cSkip(s);
                    cOut[i] = preconditioning.cOut(s);
                    cIn[i] = preconditioning.cIn(s);
                    cNoise[i] = preconditioning.cNoise(s);
                    weight[i] = preconditioning.lossWeight(s);
                }
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    Shape points = new Shape(b, d);
                    Shape column = new Shape(b, 1);
                    NDArray target = scope.create(toFloat(y), points);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray denoised = precondition(trainer::forward, scope.create(toFloat(noisy), points), scope.create(toFloat(cSkip), column),
                                scope.create(toFloat(cOut), column), scope.create(toFloat(cIn), column),
                                scope.create(toFloat(cNoise), column));
                        NDArray loss = denoised.sub(target).square().sum(new int[] {1}, true)
                                .mul(scope.create(toFloat(weight), column)).mean();
                        collector.backward(loss);
                        losses[it] = loss.getFloat();
                    }
                    trainer.step();
                }
            }
        }
        return losses;
    }

    /** Writes parameters and {@code config.json} into {@code dir}, replacing it, via a temporary directory. */
    public void save(Path dir) {
        Path target = dir.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
            try {
                model.save(tmp, NAME);
                JsonObject json = new JsonObject();
                json.addProperty("formatVersion", FORMAT_VERSION);
                json.addProperty("kind", "edm-point-denoiser");
                json.addProperty("dimension", config.dimension());
                json.add("hidden", GSON.toJsonTree(config.hidden()));
                json.addProperty("sigmaData", config.sigmaData());
                Files.writeString(tmp.resolve(CONFIG), GSON.toJson(json) + "\n", StandardCharsets.UTF_8);
                if (Files.exists(target)) {
                    Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old.");
                    Files.delete(old);
                    Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(old);
                } else {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                if (Files.exists(tmp)) {
                    deleteTree(tmp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the point denoiser to " + dir, e);
        }
    }

    @Override
    public void close() {
        model.close();
    }

    /** {@code c_skip x + c_out F([c_in x, c_noise])}, every coefficient {@code [B, 1]}. */
    private static NDArray precondition(UnaryOperator<NDList> network, NDArray x, NDArray cSkip, NDArray cOut,
            NDArray cIn, NDArray cNoise) {
        NDArray input = x.mul(cIn).concat(cNoise, 1);
        NDArray f = network.apply(new NDList(input)).singletonOrThrow();
        return x.mul(cSkip).add(f.mul(cOut));
    }

    private static SequentialBlock network(PointDenoiserConfig config) {
        SequentialBlock block = new SequentialBlock();
        for (int width : config.hidden()) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(list -> Activation.swish(list, 1f));
        }
        block.add(Linear.builder().setUnits(config.dimension()).build());
        return block;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
