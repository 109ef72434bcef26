package org.mppm.models.edm;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import com.google.gson.Gson;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.mppm.core.CloseGuard;
import org.mppm.core.Checks;
import org.mppm.core.Scopes;
import org.mppm.core.SeededNoise;
import org.mppm.core.edm.EdmPreconditioning;
import org.mppm.models.io.ModelDirectory;
import org.mppm.models.nn.SeededInitializer;
import org.mppm.models.train.Fitter;

/**
 * What every trainable EDM denoiser shares (package-private): a network F over samples of a fixed
 * shape ({@code [D]} points or {@code [C, H, W]} images) whose input is {@code c_in x} with
 * {@code c_noise} either joined as one extra feature/channel ({@link NoiseInput#CHANNEL}) or
 * passed as a second input {@code [B, 1]} ({@link NoiseInput#SEPARATE}, for networks that embed
 * it themselves), the preconditioning {@code D = c_skip x + c_out F}, the EDM training loop and
 * atomic persistence. Lives on the device it is given; initial parameters are drawn from a
 * generator of its own ({@link SeededInitializer}), training runs through DJL's trainer and so
 * alone ({@link Fitter#exclusive}).
 */
final class EdmNetwork implements AutoCloseable {
    /** How {@code c_noise} reaches the network F. */
    enum NoiseInput {
        /** {@code F([c_in x, c_noise])}: a constant extra feature/channel after the sample's. */
        CHANNEL,
        /** {@code F(c_in x, c_noise)}: two inputs, {@code [B, sample...]} and {@code [B, 1]}. */
        SEPARATE
    }

    private static final Gson GSON = new Gson();

    private final String name;
    private final CloseGuard guard;
    /** The seed of the initial parameters, kept with a saved network. */
    private long seed;
    private final Model model;
    private final EdmPreconditioning preconditioning;
    private final Shape sample;
    private final NoiseInput noiseInput;

    EdmNetwork(String name, Block block, Shape sample, double sigmaData, Device device) {
        this(name, block, sample, sigmaData, NoiseInput.CHANNEL, device);
    }

    EdmNetwork(String name, Block block, Shape sample, double sigmaData, NoiseInput noiseInput, Device device) {
        this.name = name;
        this.guard = new CloseGuard("EDM denoiser '" + name + "'");
        this.sample = sample;
        this.noiseInput = noiseInput;
        this.preconditioning = new EdmPreconditioning(sigmaData);
        this.model = Model.newInstance(name, java.util.Objects.requireNonNull(device, "device"));
        model.setBlock(block);
    }

    /** Initialises the parameters from a generator of their own seeded with {@code seed}. */
    void initialize(long seed) {
        this.seed = seed;
        SeededInitializer.initialize(model.getBlock(), model.getNDManager(), DataType.FLOAT32, new SeededNoise(seed),
                inputShapes(1));
    }

    /** The shape of a batch of samples, {@code [B, sample...]}. */
    Shape batchShape(long batch) {
        return new Shape(batch).addAll(sample);
    }

    private Shape[] inputShapes(long batch) {
        if (noiseInput == NoiseInput.SEPARATE) {
            return new Shape[] {batchShape(batch), new Shape(batch, 1)};
        }
        long[] dims = batchShape(batch).getShape();
        dims[1] += 1;
        return new Shape[] {new Shape(dims)};
    }

    /** {@code D(x; sigma)} for {@code x [B, sample...]}, {@code sigma > 0}; x's type, in x's manager. */
    NDArray denoise(NDArray x, double sigma) {
        Checks.requireBatch("x", x);
        if (!x.getShape().slice(1).equals(sample)) {
            throw new IllegalArgumentException("x must have shape [B, " + sample + "], got " + x.getShape());
        }
        Checks.requirePositive("sigma", sigma);
        return guard.call(() -> Scopes.scoped(x, in -> {
            NDManager m = in.getManager();
            long batch = in.getShape().get(0);
            ParameterStore parameters = new ParameterStore(m, false);
            double[] one = new double[(int) batch];
            NDArray out = precondition(list -> model.getBlock().forward(parameters, list, false),
                    in.toType(DataType.FLOAT32, false), coefficient(m, fill(one, preconditioning.cSkip(sigma))),
                    coefficient(m, fill(one, preconditioning.cOut(sigma))),
                    coefficient(m, fill(one, preconditioning.cIn(sigma))),
                    coefficient(m, fill(one, preconditioning.cNoise(sigma))));
            return out.getDataType() == in.getDataType() ? out : out.toType(in.getDataType(), false);
        }));
    }

    /** EDM training on {@code data [N, sample...]} under the library-wide training lock; the loss of every iteration. */
    double[] fit(NDArray data, FitConfig fit) {
        return Fitter.exclusive(() -> fitLocked(data, fit));
    }

    private double[] fitLocked(NDArray data, FitConfig fit) {
        if (!data.getShape().slice(1).equals(sample) || data.getShape().get(0) < 1) {
            throw new IllegalArgumentException("data must have shape [N, " + sample + "] with N >= 1, got "
                    + data.getShape());
        }
        Checks.requireData("data", data);
        int size = Math.toIntExact(sample.size());
        int n = Math.toIntExact(data.getShape().get(0));
        double[] host;
        try (NDArray copy = data.toType(DataType.FLOAT64, true)) {
            host = copy.toDoubleArray();
        }
        SplittableRandom random = new SplittableRandom(fit.seed());
        DefaultTrainingConfig training = new DefaultTrainingConfig(Loss.l2Loss())
                .optDevices(new Device[] {model.getNDManager().getDevice()}).optOptimizer(Adam.builder().optLearningRateTracker(learningRate(fit)).build());
        double[] losses = new double[fit.iterations()];
        int b = fit.batchSize();
        try (Trainer trainer = model.newTrainer(training);
                ParameterAverage average = ParameterAverage.of(model.getBlock(), fit.emaDecay())) {
            trainer.initialize(inputShapes(1)); // registers the (already initialised) parameters with the trainer
            for (int it = 0; it < fit.iterations(); it++) {
                double[] clean = new double[b * size];
                double[] noisy = new double[b * size];
                double[] sigmas = fit.noise().sample(b, random);
                double[] cSkip = new double[b];
                double[] cOut = new double[b];
                double[] cIn = new double[b];
                double[] cNoise = new double[b];
                double[] weight = new double[b];
                for (int i = 0; i < b; i++) {
                    int row = random.nextInt(n);
                    double s = sigmas[i];
                    for (int j = 0; j < size; j++) {
                        clean[i * size + j] = host[row * size + j];
                        noisy[i * size + j] = clean[i * size + j] + s * SeededNoise.gaussian(random);
                    }
                    cSkip[i] = preconditioning.cSkip(s);
                    cOut[i] = preconditioning.cOut(s);
                    cIn[i] = preconditioning.cIn(s);
                    cNoise[i] = preconditioning.cNoise(s);
                    weight[i] = preconditioning.lossWeight(s);
                }
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    NDArray target = owned(scope.create(toFloat(clean), batchShape(b)));
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray denoised = precondition(trainer::forward, owned(scope.create(toFloat(noisy), batchShape(b))),
                                coefficient(scope, cSkip), coefficient(scope, cOut), coefficient(scope, cIn),
                                coefficient(scope, cNoise));
                        int[] sampleAxes = new int[sample.dimension()];
                        for (int a = 0; a < sampleAxes.length; a++) {
                            sampleAxes[a] = a + 1;
                        }
                        NDArray loss = denoised.sub(target).square().sum(sampleAxes)
                                .mul(owned(scope.create(toFloat(weight)))).mean();
                        collector.backward(loss);
                        losses[it] = loss.getFloat();
                    }
                    if (!Double.isFinite(losses[it])) {
                        throw new IllegalStateException("EDM training diverged: loss " + losses[it] + " at iteration "
                                + it + " (learning rate " + fit.learningRate() + "); lower the learning rate");
                    }
                    trainer.step();
                }
                average.update();
            }
            average.copyInto();
        }
        return losses;
    }

    /** Fixed, or the half-cosine decay over the iterations (DJL counts Adam's updates from 1). */
    private static Tracker learningRate(FitConfig fit) {
        if (!fit.decays()) {
            return Tracker.fixed((float) fit.learningRate());
        }
        return Tracker.cosine().setBaseValue((float) fit.learningRate())
                .optFinalValue((float) fit.finalLearningRate()).setMaxUpdates(fit.iterations()).build();
    }

    /**
     * Saves the parameters and the configuration into {@code dir} as a {@link ModelDirectory}
     * (kind = this network's name; atomic, checksummed).
     */
    void save(Path dir, Object config) {
        ModelDirectory.save(dir, name, seed, config, Map.of("network", model.getBlock()), Map.of());
    }

    /** Reads a saved network's directory, checking its kind, format and checksums. */
    static ModelDirectory.Contents read(Path dir, String kind) {
        return ModelDirectory.read(dir, kind);
    }

    /**
     * Loads the parameters of a saved network into this (uninitialised) network: initialised first
     * (zeros, no random draws) so that every loaded parameter's shape is checked against the
     * architecture.
     */
    void loadParameters(ModelDirectory.Contents contents) {
        model.getBlock().setInitializer(Initializer.ZEROS, p -> true);
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, inputShapes(1));
        contents.loadBlock("network", model.getBlock(), model.getNDManager());
        this.seed = contents.seed();
    }

    /** Frees the parameters once the calls in flight have finished; later calls fail with a clear message. */
    @Override
    public void close() {
        guard.close(model::close);
    }

    /**
     * {@code c_skip x + c_out F(c_in x, c_noise)}, coefficients {@code [B, 1, ...]}; c_noise as an
     * extra feature or a second input, by {@link NoiseInput}.
     */
    private NDArray precondition(UnaryOperator<NDList> network, NDArray x, NDArray cSkip, NDArray cOut, NDArray cIn,
            NDArray cNoise) {
        NDList inputs;
        if (noiseInput == NoiseInput.SEPARATE) {
            inputs = new NDList(x.mul(cIn), cNoise.reshape(cNoise.getShape().get(0), 1));
        } else {
            long[] noiseShape = x.getShape().getShape().clone();
            noiseShape[1] = 1;
            NDArray noiseFeature = cNoise.broadcast(new Shape(noiseShape));
            inputs = new NDList(x.mul(cIn).concat(noiseFeature, 1));
        }
        NDArray f = network.apply(inputs).singletonOrThrow();
        return x.mul(cSkip).add(f.mul(cOut));
    }

    /** Per-sample values {@code [B]} as {@code [B, 1, ...]} (rank of a batch), FLOAT32. */
    private NDArray coefficient(NDManager m, double[] perSample) {
        long[] dims = new long[sample.dimension() + 1];
        Arrays.fill(dims, 1);
        dims[0] = perSample.length;
        return owned(m.create(toFloat(perSample), new Shape(dims)));
    }

    /** An engine-owned copy of a host-made array (see {@link org.mppm.core.HostArrays}); closes the source. */
    private static NDArray owned(NDArray hostMade) {
        try (hostMade) {
            return hostMade.duplicate();
        }
    }

    private static double[] fill(double[] v, double value) {
        Arrays.fill(v, value);
        return v;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
