package org.mppm.models.fid;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.Gson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.mppm.core.CloseGuard;
import org.mppm.core.NoGrad;
import org.mppm.core.SeededNoise;
import org.mppm.core.image.ImageBatch;
import org.mppm.core.io.AtomicFiles;
import org.mppm.models.cache.ModelCache;
import org.mppm.models.data.LabelledImages;
import org.mppm.models.nn.MaxPool2x2;
import org.mppm.models.nn.SeededInitializer;
import org.mppm.models.train.Fitter;

/**
 * The FID feature extractor for MNIST: a small CNN classifier
 * {@code Conv(1->32, k3, p1)-ReLU-MaxPool2-Conv(32->64, k3, p1)-ReLU-MaxPool2-Flatten-Linear(3136->E)-ReLU
 * -Linear(E->10)}, trained with softmax cross-entropy and Adam (learning rate fixed for two epochs,
 * then multiplied by 0.3 at the start of every later epoch). {@link #embed} returns the
 * penultimate E features (E = 128 by default). Input {@code [N, 1, 28, 28]} in [0, 1].
 *
 * <p>Lifecycle: {@code MnistClassifier.builder().epochs(4).seed(7).fit(train)} trains on the engine's
 * default device; {@link #save}; {@link #load(Path)} on the engine's default device
 * ({@code Engine.getInstance().defaultDevice()}) or {@link #load(Path, Device)}. A loaded classifier
 * gives the saved one's features bit for bit.
 *
 * <p>Parameters are saved to one file: magic {@code MPPMFIDC}, format version, the configuration as
 * JSON, a CRC-32 and the DJL parameter bytes, written atomically (temporary file, then move).
 */
public final class MnistClassifier implements AutoCloseable {
    private final CloseGuard guard = new CloseGuard("MNIST classifier");
    private static final String MAGIC = "MPPMFIDC";
    /** 2: the checksum covers the configuration too (1: the parameters only; still read). */
    private static final int FORMAT = 2;
    /**
     * Digits per forward pass: the first layer's output is {@code [CHUNK, 32, 28, 28]}, 10 MB here,
     * under glibc's largest mmap threshold (32 MiB), so its memory is reused from pass to pass
     * instead of being mapped and faulted in afresh (a digit's outputs do not depend on the chunk).
     */
    private static final int CHUNK = 100;
    private static final Gson GSON = new Gson();

    private final FidClassifierConfig config;
    private final Model model;
    private final SequentialBlock features;
    private final Linear head;

    private MnistClassifier(FidClassifierConfig config, Device device) {
        this.config = config;
        this.features = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(32).build())
                .add(Activation.reluBlock())
                .add(MaxPool2x2.block())
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64).build())
                .add(Activation.reluBlock())
                .add(MaxPool2x2.block())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(config.embeddingSize()).build())
                .add(Activation.reluBlock());
        this.head = Linear.builder().setUnits(10).build();
        SequentialBlock net = new SequentialBlock().add(features).add(head);
        this.model = Model.newInstance("mnist-fid-classifier", device);
        model.setBlock(net);
    }

    /** The configuration it was trained with. */
    public FidClassifierConfig config() {
        return config;
    }

    /** A name for results: architecture, embedding size and training settings. */
    public String name() {
        return "mnist-cnn-classifier penultimate " + config.embeddingSize() + "-d (embedded MNIST 8k train, "
                + config.epochs() + " epochs, seed " + config.seed() + ")";
    }

    /** Configures and trains a classifier; defaults {@link FidClassifierConfig#defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Trains a classifier with {@code config} on {@code train} (28 x 28 digits), on the engine's default device. */
    static MnistClassifier fit(FidClassifierConfig config, LabelledImages train) {
        MnistClassifier c = new MnistClassifier(config, Engine.getInstance().defaultDevice());
        try {
            Fitter.exclusive(() -> {
                c.fitLocked(train);
                return null;
            });
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Initial parameters from a generator seeded with the configured seed; training under the library-wide training lock. */
    private void fitLocked(LabelledImages train) {
        int perEpoch = (train.count() + config.batchSize() - 1) / config.batchSize();
        int[] decaySteps = new int[Math.max(0, config.epochs() - 2)];
        for (int i = 0; i < decaySteps.length; i++) {
            decaySteps[i] = (i + 2) * perEpoch; // x0.3 from the third epoch on, and again each epoch after
        }
        Tracker lr = decaySteps.length == 0 ? Tracker.fixed((float) config.learningRate())
                : Tracker.multiFactor().setSteps(decaySteps).optFactor(0.3f)
                        .setBaseValue((float) config.learningRate()).build();
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build());
        NDManager manager = model.getNDManager();
        try (Trainer trainer = model.newTrainer(tc); NDManager data = manager.newSubManager()) {
            SeededInitializer.initialize(model.getBlock(), manager, DataType.FLOAT32, new SeededNoise(config.seed()).split(),
                    new Shape(1, 1, 28, 28));
            trainer.initialize(new Shape(1, 1, 28, 28)); // registers the (already initialised) parameters
            NDArray images = train.images(data);
            NDArray labels = train.labelArray(data);
            SplittableRandom rng = new SplittableRandom(config.seed());
            int n = train.count();
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                long[] order = permutation(n, rng);
                for (int start = 0; start < n; start += config.batchSize()) {
                    int end = Math.min(n, start + config.batchSize());
                    try (NDManager batch = data.newSubManager()) {
                        NDArray idx = batch.create(java.util.Arrays.copyOfRange(order, start, end));
                        NDArray x = images.get(idx);
                        NDArray y = labels.get(idx);
                        x.attach(batch);
                        y.attach(batch);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                            gc.backward(loss);
                        }
                        trainer.step();
                    }
                }
            }
        }
    }

    private static long[] permutation(int n, SplittableRandom rng) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Class scores {@code [N, 10]} for digits {@code [N, 1, 28, 28]}, owned by the input's manager. */
    public NDArray logits(NDArray digits) {
        return guard.call(() -> forward(digits, Output.LOGITS).singletonOrThrow());
    }

    /**
     * The penultimate features {@code [N, E]} and the class scores {@code [N, 10]} of one forward
     * pass over digits {@code [N, 1, 28, 28]} (the same bits as {@link #embed} and {@link #logits}),
     * both owned by the input's manager.
     */
    public NDList embedAndLogits(NDArray digits) {
        return guard.call(() -> forward(digits, Output.BOTH));
    }

    /** Penultimate features {@code [N, E]}, owned by the input's manager. */
    public NDArray embed(NDArray digits) {
        return guard.call(() -> forward(digits, Output.FEATURES).singletonOrThrow());
    }

    /**
     * The penultimate features ({@link #embed}) as a {@link FeatureExtractor} for digits
     * {@code [N, 1, 28, 28]}, usable while this classifier is open.
     */
    public FeatureExtractor features() {
        MnistClassifier classifier = this;
        return new FeatureExtractor() {
            @Override
            public NDArray features(NDArray images) {
                return classifier.embed(images);
            }

            @Override
            public int dimension() {
                return classifier.config().embeddingSize();
            }

            @Override
            public String name() {
                return classifier.name();
            }
        };
    }

    /** How many digits {@code [N, 1, 28, 28]} are predicted as each class: {@code int[10]}, summing to N. */
    public int[] histogram(NDArray digits) {
        int[] histogram = new int[10];
        for (int c : classify(digits)) {
            histogram[c]++;
        }
        return histogram;
    }

    /** The fraction of digits {@code [N, 1, 28, 28]} predicted as {@code digit} (0..9), in [0, 1]. */
    public double agreement(NDArray digits, int digit) {
        if (digit < 0 || digit > 9) {
            throw new IllegalArgumentException("digit must be in 0..9, got " + digit);
        }
        return Arrays.stream(classify(digits)).filter(c -> c == digit).count() / (double) digits.getShape().get(0);
    }

    /**
     * The fraction of digits {@code [N, 1, 28, 28]} predicted as their label, {@code labels[i]} for
     * digit i (0..9), in [0, 1].
     */
    public double accuracy(NDArray digits, int[] labels) {
        return accuracy(classify(digits), labels);
    }

    /** The fraction of predicted classes equal to their label, {@code predicted[i] == labels[i]}, in [0, 1]. */
    static double accuracy(int[] predicted, int[] labels) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException("labels must have one entry per digit: " + predicted.length + " digits, "
                    + labels.length + " labels");
        }
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return right / (double) predicted.length;
    }

    /** Predicted classes {@code int[N]}. */
    public int[] classify(NDArray digits) {
        try (NDArray l = logits(digits)) {
            return classes(l);
        }
    }

    /** The predicted classes {@code int[N]} of class scores {@code [N, 10]} (their arg max). */
    public static int[] classes(NDArray logits) {
        try (NDArray arg = logits.argMax(1)) {
            long[] a = arg.toType(DataType.INT64, false).toLongArray();
            int[] out = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (int) a[i];
            }
            return out;
        }
    }

    /** Fraction of correctly classified images of a labelled set. */
    public double accuracy(LabelledImages test) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            return accuracy(test.images(m), test.labels());
        }
    }

    /** What a forward pass returns. */
    private enum Output {
        FEATURES, LOGITS, BOTH
    }

    private NDList forward(NDArray digits, Output output) {
        Shape s = ImageBatch.requireUnitRange(digits, "digits");
        if (s.get(1) != 1 || s.get(2) != 28 || s.get(3) != 28) {
            throw new IllegalArgumentException("digits must be [N, 1, 28, 28]; got shape " + s);
        }
        NDManager owner = digits.getManager();
        ParameterStore ps = new ParameterStore(owner, false);
        long n = s.get(0);
        NDList featureParts = new NDList();
        NDList logitParts = new NDList();
        try (NDManager sub = owner.newSubManager()) {
            for (long start = 0; start < n; start += CHUNK) {
                // each chunk's intermediates are freed with its own manager; only e and l are kept
                try (NDManager pass = owner.newSubManager()) {
                    NDArray slice = digits.get(start + ":" + Math.min(n, start + CHUNK));
                    slice.attach(pass);
                    NDArray x = slice.toType(DataType.FLOAT32, false);
                    NDArray e = features.forward(ps, new NDList(x), false).singletonOrThrow();
                    e.attach(sub);
                    featureParts.add(e);
                    if (output != Output.FEATURES) {
                        NDArray l = head.forward(ps, new NDList(e), false).singletonOrThrow();
                        l.attach(sub);
                        logitParts.add(l);
                    }
                }
            }
            NDList result = new NDList();
            if (output != Output.LOGITS) {
                result.add(joined(featureParts, owner));
            }
            if (output != Output.FEATURES) {
                result.add(joined(logitParts, owner));
            }
            return result;
        }
    }

    private static NDArray joined(NDList parts, NDManager owner) {
        NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
        all.attach(owner);
        return all;
    }

    /**
     * Saves the parameters and configuration to {@code file}, atomically. Refuses (with an
     * {@link IllegalArgumentException} naming it) a target that exists and is not a classifier file
     * of this library: saving never replaces a file that is not ours.
     */
    public void save(Path file) throws IOException {
        requireOwnOrAbsent(file);
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(params)) {
            guard.run(() -> {
                try {
                    model.getBlock().saveParameters(out);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        byte[] bytes = params.toByteArray();
        String json = GSON.toJson(config);
        CRC32 crc = checksum(json, bytes);
        AtomicFiles.write(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.writeBytes(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(json);
            out.writeLong(crc.getValue());
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
        });
    }

    /** CRC-32 of the configuration's JSON (UTF-8) and the parameter bytes. */
    private static CRC32 checksum(String json, byte[] parameters) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        crc.update(parameters);
        return crc;
    }

    /**
     * Fails unless {@code file} is absent or a regular file that starts like a classifier file (a
     * file cut short inside the magic bytes counts as a damaged classifier file).
     */
    private static void requireOwnOrAbsent(Path file) throws IOException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("refusing to save the classifier to " + file
                    + ": it exists and is not a regular file");
        }
        byte[] head;
        try (InputStream is = Files.newInputStream(file)) {
            head = is.readNBytes(MAGIC.length());
        }
        if (!MAGIC.startsWith(new String(head, java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("refusing to save the classifier to " + file
                    + ": it exists and is not an mppm FID classifier file (it would be replaced)");
        }
    }

    /** {@link #load(Path, Device)} on the engine's default device ({@code Engine.getInstance().defaultDevice()}). */
    public static MnistClassifier load(Path file) throws IOException {
        return load(file, Engine.getInstance().defaultDevice());
    }

    /** Loads a classifier saved by {@link #save} onto {@code device}; a damaged file fails with an IOException naming it. */
    public static MnistClassifier load(Path file, Device device) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("classifier file not found: " + file);
        }
        FidClassifierConfig config;
        byte[] bytes;
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            byte[] magic = in.readNBytes(MAGIC.length());
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new IOException("not an mppm FID classifier file (bad magic): " + file);
            }
            int format = in.readInt();
            if (format != FORMAT && format != 1) {
                throw new IOException("classifier file " + file + " has format " + format + "; this version reads " + FORMAT);
            }
            String json = in.readUTF();
            config = GSON.fromJson(json, FidClassifierConfig.class);
            long expected = in.readLong();
            int length = in.readInt();
            if (length < 0) {
                throw new IOException("corrupt classifier file " + file + ": negative length");
            }
            bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new IOException("truncated classifier file " + file + ": " + bytes.length + " of " + length
                        + " parameter bytes");
            }
            CRC32 crc = format == 1 ? checksum("", bytes) : checksum(json, bytes);
            if (crc.getValue() != expected) {
                throw new IOException("corrupt classifier file " + file + ": checksum mismatch");
            }
        } catch (java.io.EOFException | RuntimeException e) {
            throw new IOException("corrupt classifier file " + file + ": " + e, e);
        }
        MnistClassifier c = new MnistClassifier(config, device);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            // placeholder values, replaced by the saved ones
            SeededInitializer.initialize(c.model.getBlock(), c.model.getNDManager(), DataType.FLOAT32, new SeededNoise(0),
                    new Shape(1, 1, 28, 28));
            c.model.getBlock().loadParameters(c.model.getNDManager(), in);
        } catch (MalformedModelException | RuntimeException e) {
            c.close();
            throw new IOException("corrupt classifier file " + file + ": " + e.getMessage(), e);
        }
        return c;
    }

    /**
     * Loads the classifier cached in {@code file} if it was trained with {@code config}; otherwise
     * (missing, other settings, or damaged: reported on the logger) trains one on {@code train} and
     * caches it ({@link ModelCache#loadOrFitIf}).
     */
    public static MnistClassifier loadOrTrain(Path file, LabelledImages train, FidClassifierConfig config)
            throws IOException {
        try {
            return ModelCache.loadOrFitIf(file, MnistClassifier::load, cached -> cached.config().equals(config),
                    () -> fit(config, train), MnistClassifier::save);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Frees the parameters once the calls in flight have finished; later calls fail with a clear message. */
    @Override
    public void close() {
        guard.close(model::close);
    }

    /**
     * Configures and trains a {@link MnistClassifier}; every setting is optional (defaults:
     * {@link FidClassifierConfig#defaults()}), validated at {@link #fit}, naming the field.
     */
    public static final class Builder {
        private final FidClassifierConfig.Builder config = FidClassifierConfig.builder();

        private Builder() {}

        public Builder epochs(int epochs) {
            config.epochs(epochs);
            return this;
        }

        public Builder batchSize(int batchSize) {
            config.batchSize(batchSize);
            return this;
        }

        public Builder learningRate(double learningRate) {
            config.learningRate(learningRate);
            return this;
        }

        /** The seed of the initial parameters and the batch order. */
        public Builder seed(long seed) {
            config.seed(seed);
            return this;
        }

        public Builder embeddingSize(int embeddingSize) {
            config.embeddingSize(embeddingSize);
            return this;
        }

        /** The configuration this builder describes (validated). */
        public FidClassifierConfig config() {
            return config.build();
        }

        /** Trains on {@code train} (28 x 28 digits) on the engine's default device. */
        public MnistClassifier fit(LabelledImages train) {
            try (NoGrad outsideSteps = NoGrad.enter()) {
                return MnistClassifier.fit(config(), train);
            }
        }
    }
}
