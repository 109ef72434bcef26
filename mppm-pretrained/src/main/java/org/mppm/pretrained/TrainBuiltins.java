package org.mppm.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.LabelledImages;
import org.mppm.models.data.MnistData;
import org.mppm.models.evaluation.RestorationResults;
import org.mppm.models.fid.ClassConditionalFid;
import org.mppm.models.fid.FidClassifierConfig;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.io.SavedModels;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.recipes.MnistRecipe;
import org.mppm.models.recipes.Recipes;
import org.mppm.models.train.EpochReport;
import org.mppm.models.train.TrainingListener;

/**
 * Trains the shipped models again and rewrites their files, {@value Pretrained#PROVENANCE} and the
 * index: the FID classifier {@value Pretrained#MNIST_FID_CLASSIFIER}
 * ({@code FidClassifierConfig.defaults()}, the one that scores the others), then {@code mnist-dae}
 * and {@code mnist-lmppm}, both by {@link Recipes#mnistTable7()} with the
 * settings {@code mnist-restore} uses by default (latent 18, 15 epochs, {@code D_S} rate 1e-3,
 * training noise clamped to [0, 1], Eq. 14 as printed, seed 7; LMPPM's sigma_ker, alpha, beta and
 * steps chosen by its fit on its validation split, {@code RestorationSearch.defaults()}) on the 8,000
 * embedded training digits. Each model is saved, copied to
 * {@code OUT/NAME}, loaded back from there and scored ({@link Table1}; FID and class accuracy with the
 * classifier trained here), so the recorded scores are those of the shipped bits.
 *
 * <pre>
 * mvn -B -o -q -DskipTests package
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -cp mppm-examples/target/mppm.jar \
 *     org.mppm.pretrained.TrainBuiltins --out mppm-pretrained/src/main/resources/org/mppm/pretrained
 * </pre>
 *
 * <p>In {@code OUT/NAME} only the files the previous {@value Pretrained#PROVENANCE} lists are
 * replaced; a directory holding anything else is refused. Usage errors: one line, exit code 2.
 */
public final class TrainBuiltins {
    /** The shipped models' training seed ({@code mnist-restore}'s default). */
    static final long SEED = 7;
    static final String DAE_NAME = "mnist-dae";
    static final String LMPPM_NAME = "mnist-lmppm";
    private static final String COMMAND = "java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1"
            + " -cp mppm-examples/target/mppm.jar org.mppm.pretrained.TrainBuiltins";
    private static final String CLASSIFIER_DESCRIPTION = "MNIST FID classifier: penultimate 128 features of a small CNN"
            + " (FidClassifierConfig.defaults()) trained on the 8,000 embedded MNIST digits, input [N, 1, 28, 28]";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path out;
    private final String[] args;
    private final MnistData mnist = MnistData.embedded();

    private TrainBuiltins(Path out, String[] args) {
        this.out = out;
        this.args = args.clone();
    }

    /** {@code --out DIR}: the resource directory {@code .../org/mppm/pretrained} to rewrite. */
    public static void main(String[] args) throws IOException {
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length && out == null) {
                out = Path.of(args[++i]);
            } else {
                usage("unexpected argument '" + args[i] + "'");
            }
        }
        if (out == null) {
            usage("missing --out DIR");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            usage("--out " + out + " is not a directory");
        }
        new TrainBuiltins(out, args).run();
    }

    private static void usage(String problem) {
        System.err.println("TrainBuiltins: " + problem + " (usage: TrainBuiltins --out DIR, DIR = the resource directory"
                + " org/mppm/pretrained of mppm-pretrained)");
        System.exit(2);
    }

    /** The recipe both models train with. */
    static MnistRecipe recipe() {
        return Recipes.mnistTable7().latent(18).epochs(15).distanceRate(1e-3).clampNoise(true).build();
    }

    private void run() throws IOException {
        Files.createDirectories(out);
        String commit = git("rev-parse", "HEAD");
        String status = git("status", "--porcelain", "--untracked-files=no");
        JsonPrimitive dirty = status.equals("unknown") ? new JsonPrimitive(status) : new JsonPrimitive(!status.isEmpty());
        MnistRecipe recipe = recipe();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray train = mnist.train().images(manager);
            LabelledImages testSet = mnist.test();
            NDArray test = testSet.images(manager);
            long start = System.nanoTime();
            log("training the FID classifier");
            try (MnistClassifier classifier = MnistClassifier.builder().fit(mnist.train())) {
                double classifierSeconds = seconds(start);
                publishClassifier(classifier, classifierSeconds, commit, dirty, testSet);
                ClassConditionalFid fid = new ClassConditionalFid(classifier, mnist.train());
                Scoring scoring = new Scoring(classifier, fid, testSet, test, classifierSeconds);
                JsonObject index = new JsonObject();
                Map<String, String> descriptions = new TreeMap<>();

                start = System.nanoTime();
                try (Dae dae = recipe.dae(SEED, progress("DAE")).fit(train)) {
                    double seconds = seconds(start);
                    JsonObject r = recipeJson(recipe);
                    publish(DAE_NAME, dae::save, dae.history(), seconds, r, commit, dirty, scoring,
                            "DAE baseline G(F(x)): Table 7 autoencoder trained on the 8,000 embedded MNIST digits");
                }
                descriptions.put(DAE_NAME, "DAE baseline G(F(x)), MNIST digits [B, 1, 28, 28]");

                start = System.nanoTime();
                try (Lmppm lmppm = recipe.lmppm(SEED, progress("LMPPM")).fit(train)) {
                    double seconds = seconds(start);
                    JsonObject r = recipeJson(recipe);
                    r.addProperty("kernelBandwidth", lmppm.config().kernelBandwidth());
                    r.addProperty("kernelMetric", lmppm.config().kernelMetric().name());
                    r.add("restoration", GSON.toJsonTree(lmppm.config().restoration()));
                    publish(LMPPM_NAME, lmppm::save, lmppm.history(), seconds, r, commit, dirty, scoring,
                            "LMPPM (Algorithm 2): Table 7 autoencoder and D_S trained on the 8,000 embedded MNIST digits");
                }
                descriptions.put(LMPPM_NAME, "LMPPM restoration (Algorithm 2), MNIST digits [B, 1, 28, 28]");

                JsonObject models = new JsonObject();
                descriptions.forEach((name, text) -> {
                    JsonObject entry = new JsonObject();
                    entry.addProperty("description", text);
                    models.add(name, entry);
                });
                index.add(Pretrained.MODELS, models);
                JsonObject classifiers = new JsonObject();
                JsonObject fidEntry = new JsonObject();
                fidEntry.addProperty("description", CLASSIFIER_DESCRIPTION);
                classifiers.add(Pretrained.MNIST_FID_CLASSIFIER, fidEntry);
                index.add(Pretrained.CLASSIFIERS, classifiers);
                write(out.resolve(Pretrained.INDEX), GSON.toJson(index) + "\n");
            }
        }
    }

    /** What scores a published model: the classifier, its FID and the test digits. */
    private record Scoring(MnistClassifier classifier, ClassConditionalFid fid, LabelledImages testSet, NDArray test,
            double classifierSeconds) {}

    @FunctionalInterface
    private interface Saver {
        void save(Path dir);
    }

    /**
     * Saves the classifier into {@code OUT/}{@value Pretrained#MNIST_FID_CLASSIFIER}, loads it back,
     * measures its accuracy on the test digits and writes its provenance.
     */
    private void publishClassifier(MnistClassifier classifier, double trainingSeconds, String commit, JsonPrimitive dirty,
            LabelledImages testSet) throws IOException {
        String name = Pretrained.MNIST_FID_CLASSIFIER;
        Map<String, String> files = install(name, dir -> {
            try {
                Files.createDirectories(dir);
                classifier.save(dir.resolve(Pretrained.CLASSIFIER_FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        double accuracy;
        try (MnistClassifier loaded = MnistClassifier.load(out.resolve(name).resolve(Pretrained.CLASSIFIER_FILE))) {
            accuracy = loaded.accuracy(testSet);
        }
        JsonObject p = provenance(name, "mnist-fid-classifier", CLASSIFIER_DESCRIPTION, commit, dirty, trainingSeconds);
        p.add("config", GSON.toJsonTree(classifier.config()));
        p.addProperty("seed", classifier.config().seed());
        p.addProperty("epochsRun", classifier.config().epochs());
        p.addProperty("featureName", classifier.name());
        JsonObject fileJson = new JsonObject();
        files.forEach(fileJson::addProperty);
        p.add("files", fileJson);
        JsonObject test = new JsonObject();
        test.addProperty("testDigits", "MnistData.embedded().test(): " + testSet.count() + " digits");
        test.addProperty("accuracy", accuracy);
        p.add("test", test);
        write(out.resolve(name).resolve(Pretrained.PROVENANCE), GSON.toJson(p) + "\n");
        log(name + ": done (" + Math.round(trainingSeconds) + " s training, test accuracy " + accuracy + ")");
    }

    /**
     * Saves through {@code saver} into a staging directory and copies the files into
     * {@code OUT/name} (after {@link #clear}ing it); returns their names and SHA-256.
     */
    private Map<String, String> install(String name, Saver saver) throws IOException {
        Path dir = out.resolve(name);
        Path staging = Files.createTempDirectory("mppm-builtin-" + name + "-");
        Map<String, String> files = new TreeMap<>();
        try {
            Path saved = staging.resolve("model");
            saver.save(saved);
            clear(dir);
            Files.createDirectories(dir);
            try (Stream<Path> list = Files.list(saved)) {
                for (Path p : list.sorted().toList()) {
                    String file = p.getFileName().toString();
                    if (!file.startsWith(".")) {
                        byte[] bytes = Files.readAllBytes(p);
                        Files.write(dir.resolve(file), bytes);
                        files.put(file, Pretrained.sha256(bytes));
                    }
                }
            }
        } finally {
            deleteTree(staging);
        }
        return files;
    }

    /** The provenance entries every shipped artifact has. */
    private JsonObject provenance(String name, String kind, String description, String commit, JsonPrimitive dirty,
            double trainingSeconds) {
        JsonObject p = new JsonObject();
        p.addProperty("name", name);
        p.addProperty("kind", kind);
        p.addProperty("description", description);
        p.addProperty("trainingData", "MnistData.embedded().train(): " + mnist.train().count()
                + " digits [N, 1, 28, 28] in [0, 1]");
        p.addProperty("command", COMMAND + " " + String.join(" ", args));
        p.addProperty("gitCommit", commit);
        p.add("gitDirty", dirty);
        p.addProperty("trainedAt", Instant.now().toString());
        p.addProperty("trainingSeconds", Math.round(trainingSeconds));
        p.addProperty("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        return p;
    }

    /** Saves a trained model into {@code OUT/name}, loads it back, scores it and writes its provenance. */
    private void publish(String name, Saver saver, List<EpochReport> history, double trainingSeconds, JsonObject recipe,
            String commit, JsonPrimitive dirty, Scoring scoring, String description) throws IOException {
        Path dir = out.resolve(name);
        Map<String, String> files = install(name, saver);
        log(name + ": saved to " + dir + ", scoring Table 1");
        long start = System.nanoTime();
        JsonObject full;
        JsonObject subset = null;
        try (SavedModels.Opened model = SavedModels.open(dir)) {
            RestorationResults results = Table1.evaluate(model.restorer(), scoring.test(), x -> scoring.fid().evaluate(x)
                    .classConditional(), x -> scoring.classifier().accuracy(x, scoring.testSet().labels()));
            full = table1Json(scoring.testSet().count(), results);
            full.addProperty("fid", "class-conditional, features of " + scoring.classifier().name() + " ("
                    + GSON.toJson(FidClassifierConfig.defaults()) + ", trained here in " + Math.round(scoring.classifierSeconds())
                    + " s), " + scoring.testSet().count() + " restored digits against " + mnist.train().count()
                    + " clean training digits");
            if (Table1.TEST_SUBSET < scoring.testSet().count()) {
                subset = table1Json(Table1.TEST_SUBSET, Table1.evaluate(model.restorer(), Table1.TEST_SUBSET));
            }
        }
        double scoringSeconds = seconds(start);

        JsonObject p = provenance(name, SavedModels.kind(dir), description, commit, dirty, trainingSeconds);
        p.add("recipe", recipe);
        p.addProperty("seed", SEED);
        p.addProperty("epochsRun", history.size());
        p.addProperty("scoringSeconds", Math.round(scoringSeconds));
        p.addProperty("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        JsonObject fileJson = new JsonObject();
        files.forEach(fileJson::addProperty);
        p.add("files", fileJson);
        p.add("table1", full);
        if (subset != null) {
            p.add("table1TestSubset", subset);
        }
        write(dir.resolve(Pretrained.PROVENANCE), GSON.toJson(p) + "\n");
        log(name + ": done (" + Math.round(trainingSeconds) + " s training, " + Math.round(scoringSeconds) + " s scoring)");
    }

    private static JsonObject table1Json(int count, RestorationResults results) {
        JsonObject t = new JsonObject();
        t.addProperty("testDigits", "the first " + count + " of MnistData.embedded().test()");
        t.addProperty("testDigitCount", count);
        t.addProperty("degradations", "PaperDegradations.mnistTable1(), seed " + Table1.SEED);
        t.addProperty("chunk", Table1.CHUNK);
        t.addProperty("ssim", "Ssim.gaussian() (sigma 1.5, 11 taps), mean over digits");
        t.addProperty("psnr", "mean over digits, data range 1");
        t.add("scores", Table1.json(results));
        return t;
    }

    private static JsonObject recipeJson(MnistRecipe recipe) {
        JsonObject r = new JsonObject();
        r.addProperty("name", "Recipes.mnistTable7() as mnist-restore uses it");
        r.addProperty("latent", recipe.latent());
        r.addProperty("epochs", recipe.epochs());
        r.addProperty("distanceRate", recipe.distanceRate());
        r.addProperty("clampNoise", recipe.clampNoise());
        r.add("eq14", GSON.toJsonTree(recipe.variant()));
        return r;
    }

    /**
     * Empties {@code dir} of the files its previous provenance lists (and that provenance), refusing
     * a directory that holds anything else.
     */
    private static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Path provenance = dir.resolve(Pretrained.PROVENANCE);
        Set<String> ours = new TreeSet<>();
        if (Files.isRegularFile(provenance)) {
            ours.addAll(Pretrained.files(dir.getFileName().toString(), Files.readString(provenance, StandardCharsets.UTF_8))
                    .keySet());
            ours.add(Pretrained.PROVENANCE);
        }
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).filter(n -> !ours.contains(n)).sorted().forEach(foreign::add);
        }
        if (!foreign.isEmpty()) {
            throw new IllegalStateException(dir + " holds files its " + Pretrained.PROVENANCE + " does not list " + foreign
                    + "; refusing to rewrite it (move them away first)");
        }
        for (String name : ours) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    /** Deletes a temporary tree this class created. */
    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static TrainingListener progress(String phase) {
        return r -> log(phase + " epoch " + r.epoch() + "/" + r.epochs() + ": training loss "
                + String.format("%.5f", r.trainingLoss()) + ", validation loss " + String.format("%.5f", r.validationLoss()));
    }

    /** The output of a git command in the working directory, trimmed; "unknown" when git is unavailable. */
    private static String git(String... command) {
        List<String> full = new ArrayList<>(List.of("git"));
        full.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "unknown";
            }
            return new String(output, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void log(String message) {
        System.err.println("[train-builtins] " + message);
    }
}
