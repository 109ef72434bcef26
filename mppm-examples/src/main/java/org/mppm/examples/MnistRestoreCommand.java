package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mppm.core.Chunking;
import org.mppm.core.KernelDensity;
import org.mppm.core.image.degrade.Degradation;
import org.mppm.core.image.degrade.ElasticDeformation;
import org.mppm.core.image.degrade.PaperDegradations;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.IdxFile;
import org.mppm.models.data.LabelledImages;
import org.mppm.models.data.MnistData;
import org.mppm.models.evaluation.FidAndAccuracy;
import org.mppm.models.evaluation.RestorationEvaluation;
import org.mppm.models.evaluation.RestorationObserver;
import org.mppm.models.evaluation.RestorationResults;
import org.mppm.models.evaluation.Score;
import org.mppm.models.fid.ClassConditionalFid;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmRestorer;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.LmppmRestoration;
import org.mppm.samplers.mppm.StepRamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Table 1 and Fig. 6 of the MPPM paper: DAE, LDM and LMPPM, all on the Table 7 autoencoder and the
 * same training digits, restore the six degradations of Table 1 on the held-out digits
 * ({@link RestorationEvaluation}); SSIM and the paper's class-conditional FID (features of a small
 * MNIST classifier, not Inception).
 */
@Command(name = "mnist-restore", mixinStandardHelpOptions = true,
        description = "Table 1 / Fig. 6: DAE, LDM and LMPPM restore six degradations of MNIST digits.")
public final class MnistRestoreCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final List<String> METHODS = List.of("dae", "ldm", "lmppm");
    private static final List<String> ABLATIONS = List.of("lmppmAutoencoder", "lmppmAuthorsRamp");

    @Mixin ExperimentOptions options;
    @Mixin MnistModels setup;
    @Mixin RestorationOverrides settings;

    @Option(names = "--save-images", description = "Also write clean, degraded and restored test images as IDX files here.")
    Path saveImages;
    @Option(names = "--test", defaultValue = "2000", description = "Test digits used (default: all ${DEFAULT-VALUE}).")
    int testCount;
    @Option(names = "--ldm-epochs", defaultValue = "60", description = "Training epochs of the LDM's noise predictor (default: ${DEFAULT-VALUE}).")
    int ldmEpochs;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    record Setup(String featureExtractor, int testDigits, int referenceDigits, int epochs, int ldmEpochs, int ldmStart,
            int latent, double distanceRate, int steps, double alpha, double beta, double sigmaKer, String kernelMetric,
            boolean clampNoise, long seed) {}

    @Override
    public void validate(OptionChecks check) {
        check.writableDirectory("--save-images", saveImages).atLeast("--test", testCount, 1)
                .atLeast("--ldm-epochs", ldmEpochs, 1);
    }

    @Override
    public Integer call() throws IOException {
        MnistData mnist = setup.load();
        LabelledImages testSet = mnist.test().head(testCount);
        Path out = options.out();
        long seed = options.seed();
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray train = mnist.train().images(nd);
            NDArray test = testSet.images(nd);
            Progress progress = new Progress(quiet, "mnist");
            // LMPPM trains on a thread of its own while the DAE and then the LDM train here: the same models
            try (MnistClassifier classifier = setup.classifier(out, mnist);
                    Background<Lmppm> lmppmFit = Background.start("mnist-lmppm",
                            () -> setup.lmppm(out, seed, progress.phase("LMPPM"), train));
                    Dae dae = setup.dae(out, seed, progress.phase("DAE"), train);
                    LatentDiffusion ldm = setup.ldm(out, seed, progress.phase("LDM"), dae, train, ldmEpochs);
                    Lmppm lmppm = lmppmFit.join();
                    KernelDensity.Owned kernel = settings.kernel(lmppm)) {
                progress.done();
                LmppmRestoration used = settings.lmppm(lmppm);
                LdmRestorer ldmRestorer = settings.ldm(ldm, dae, seed);
                ClassConditionalFid fid = new ClassConditionalFid(classifier, mnist.train());
                RestorationEvaluation.Builder evaluation = RestorationEvaluation.builder()
                        .method("dae", dae.restorer())
                        .method("ldm", ldmRestorer)
                        .method("lmppm", lmppm.restoration(used).kernel(kernel).build())
                        // ablations: LMPPM's own autoencoder without Algorithm 2, G(F(x)); Algorithm 2 with the
                        // authors' ramped step sizes (their code: 8 steps, lam 0.65 to 0.9) instead of fixed alpha, beta
                        .method("lmppmAutoencoder", (x, first) -> lmppm.manifold().project(x))
                        .method("lmppmAuthorsRamp", lmppm.restoration().kernel(kernel).ramp(StepRamp.authorsRestoration()).build())
                        .fidAndAccuracy(x -> FidAndAccuracy.Measured.of(fid.score(x), testSet.labels()))
                        .seed(seed).chunking(Chunking.of(500).withThreads(Main.chunkThreads()));
                for (Degradation degradation : PaperDegradations.mnistTable1()) {
                    evaluation.degradation(key(degradation), degradation);
                }
                RestorationResults scores = evaluation.build().evaluate(test, RestorationObserver.all(
                        RestorationObserver.grids(out, test, METHODS, 12, 2), RestorationObserver.saving(this::save, METHODS)));
                save("clean", test);
                RestorationResults results = scores.only(METHODS);
                ResultsWriter writer = new ResultsWriter(out);
                writer.json(results.byDegradation());
                writer.json("ablation.json", scores.only(ABLATIONS).byDegradation());
                String table = "# mnist-restore (Table 1)\n\nSSIM: Gaussian window (sigma 1.5, 11 taps). FID: class-conditional,"
                        + " features of " + classifier.name() + " (not Inception), " + testSet.count() + " restored digits against "
                        + mnist.train().count() + " clean training digits.\n\n" + results.markdown(2, 2)
                        + "Class accuracy: the fraction of restored digits the classifier assigns to the digit they came from.\n\n"
                        + results.markdown("accuracy", Score::accuracy, "%.3f") + "\n" + MnistAblationTable.of(scores);
                writer.markdown(table);
                writer.json("setup.json", new Setup(classifier.name(), testSet.count(), mnist.train().count(), setup.epochs(),
                        ldmEpochs, ldmRestorer.startStep(), setup.latent(), setup.distanceRate(), used.steps(), used.alpha(),
                        used.beta(), kernel.bandwidth(), lmppm.config().kernelMetric().name(), setup.clampNoise, seed));
                System.out.print(table);
            }
        }
        return 0;
    }

    /** The keys: elastic levels by sigma only (alpha is 34 throughout). */
    static String key(Degradation d) {
        return d instanceof ElasticDeformation e ? "elastic-" + e.sigma() : d.key();
    }

    private void save(String name, NDArray images) {
        if (saveImages == null) {
            return;
        }
        try {
            IdxFile.fromImages(images).write(saveImages.resolve(name + "-images-idx3-ubyte.gz"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write images to " + saveImages, e);
        }
    }
}
