package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.mppm.core.Projection;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.image.ImageGrid;
import org.mppm.core.image.degrade.Degradation;
import org.mppm.core.image.degrade.ElasticDeformation;
import org.mppm.core.image.degrade.PaperDegradations;
import org.mppm.core.image.metrics.Ssim;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.IdxFile;
import org.mppm.models.data.LabelledImages;
import org.mppm.models.data.MnistData;
import org.mppm.models.fid.ClassConditionalFid;
import org.mppm.models.fid.FidResult;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmBuilder;
import org.mppm.models.ldm.LdmRestorer;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.samplers.mppm.LatentMppmProjector;
import org.mppm.samplers.mppm.StepRamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Table 1 and Fig. 6 of the MPPM paper: DAE, LDM and LMPPM, all on the Table 7 autoencoder and the
 * same training digits, restore the six degradations of Table 1 on the held-out digits; SSIM and
 * the paper's class-conditional FID (features of a small MNIST classifier, not Inception).
 */
@Command(name = "mnist-restore", mixinStandardHelpOptions = true,
        description = "Table 1 / Fig. 6: DAE, LDM and LMPPM restore six degradations of MNIST digits.")
public final class MnistRestoreCommand implements Callable<Integer>, OptionChecks.Validated {

    @Mixin ExperimentOptions options;
    @Mixin MnistModels setup;

    @Option(names = "--save-images", description = "Also write clean, degraded and restored test images as IDX files here.")
    Path saveImages;
    @Option(names = "--test", defaultValue = "2000", description = "Test digits used (default: all ${DEFAULT-VALUE}).")
    int testCount;
    @Option(names = "--steps", defaultValue = "16", description = "Algorithm 2 steps (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--alpha", defaultValue = "0.15") double alpha;
    @Option(names = "--beta", defaultValue = "0.1") double beta;
    @Option(names = "--sigma-ker", defaultValue = "0.1", description = "sigma_ker of z-bar (Eq. 15); the paper gives none"
            + " for MNIST (default: ${DEFAULT-VALUE}).")
    double sigmaKer;
    @Option(names = "--ldm-epochs", defaultValue = "60", description = "Training epochs of the LDM's noise predictor (default: ${DEFAULT-VALUE}).")
    int ldmEpochs;
    @Option(names = "--ldm-start", defaultValue = "200", description = "LDM restoration starts the reverse chain at this"
            + " step of 2,000 (authors: 150-200) (default: ${DEFAULT-VALUE}).")
    int ldmStart;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    /** One method's restoration of a batch {@code [B, 1, 28, 28] -> [B, 1, 28, 28]}. */
    interface Method extends UnaryOperator<NDArray> {}

    record Score(double ssim, double fid) {}

    record Setup(String featureExtractor, int testDigits, int referenceDigits, int epochs, int ldmEpochs, int ldmStart,
            int latent, double distanceRate, int steps, double alpha, double beta, double sigmaKer, long seed) {}

    @Override
    public void validate(OptionChecks check) {
        check.writableDirectory("--save-images", saveImages).atLeast("--test", testCount, 1).atLeast("--steps", steps, 0)
                .flowWeights(alpha, beta).positive("--sigma-ker", sigmaKer).atLeast("--ldm-epochs", ldmEpochs, 1)
                .between("--ldm-start", ldmStart, 1, 2000);
    }

    @Override
    public Integer call() throws IOException {
        MnistData mnist = setup.load();
        LabelledImages testSet = mnist.test().head(testCount);
        Path modelDir = setup.directory(options.out());
        int epochs = setup.epochs;
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray train = mnist.train().images(nd);
            NDArray test = testSet.images(nd);
            Progress progress = new Progress(quiet, "mnist");
            MnistClassifier classifier = setup.classifier(options.out(), mnist);
            try (classifier;
                    Dae dae = setup.dae(options.out(), options.seed(), progress.phase("DAE"), train);
                    LatentDiffusion ldm = ModelCache.loadOrTrain(ModelCache.keyedBy(modelDir.resolve("ldm"), dae.config()),
                            ldmConfig(progress), LatentDiffusion::load,
                            () -> ldmBuilder(progress).fit(dae, train), LatentDiffusion::save);
                    Lmppm lmppm = setup.lmppm(options.out(), options.seed(), progress.phase("LMPPM"), train)) {
                progress.done();
                ClassConditionalFid fid = new ClassConditionalFid(classifier, mnist.train());
                Map<String, Method> methods = new LinkedHashMap<>();
                methods.put("dae", x -> dae.restore(x));
                LdmRestorer ldmRestorer = ldm.restoration(dae).startStep(ldmStart).seed(options.seed()).build();
                methods.put("ldm", ldmRestorer::restore);
                GaussianKernelDensity kernel = GaussianKernelDensity.of(lmppm.codes(), sigmaKer);
                methods.put("lmppm", x -> {
                    try (Projection p = lmppm.restoration().kernel(kernel).alpha(alpha).beta(beta).steps(steps).build()
                            .project(x)) {
                        return p.result().duplicate();
                    }
                });
                // ablations: LMPPM's own autoencoder without Algorithm 2, G(F(x)); Algorithm 2 with the
                // authors' ramped step sizes (their code: 8 steps, lam 0.65 to 0.9) instead of fixed alpha, beta
                Map<String, Method> ablations = new LinkedHashMap<>();
                ablations.put("lmppmAutoencoder", x -> lmppm.manifold().project(x));
                LatentMppmProjector ramped = lmppm.restoration().kernel(kernel).ramp(StepRamp.authorsRestoration()).build();
                ablations.put("lmppmAuthorsRamp", x -> {
                    try (Projection p = ramped.project(x)) {
                        return p.result().duplicate();
                    }
                });
                Map<String, Map<String, Score>> ablation = new LinkedHashMap<>();
                Map<String, Map<String, Score>> results = new LinkedHashMap<>();
                Map<String, Score> degradedScores = new LinkedHashMap<>();
                ResultsWriter out = new ResultsWriter(options.out());
                for (Degradation degradation : PaperDegradations.mnistTable1()) {
                    String key = key(degradation);
                    try (NDManager scope = nd.newSubManager()) {
                        test.tempAttach(scope);
                        NDArray degraded = degradation.apply(test, options.seed());
                        degradedScores.put(key, score(degraded, test, fid));
                        Map<String, Score> row = new LinkedHashMap<>();
                        ImageGrid.Builder grid = ImageGrid.builder().scale(2).row("degraded", degraded.get("0:12"));
                        for (Map.Entry<String, Method> m : methods.entrySet()) {
                            NDArray restored = Batches.map(m.getValue(), degraded, 500);
                            row.put(m.getKey(), score(restored, test, fid));
                            grid.row(m.getKey(), restored.get("0:12"));
                            save(key + "-" + m.getKey(), restored);
                        }
                        Map<String, Score> ablationRow = new LinkedHashMap<>();
                        for (Map.Entry<String, Method> m : ablations.entrySet()) {
                            ablationRow.put(m.getKey(), score(Batches.map(m.getValue(), degraded, 500), test, fid));
                        }
                        ablation.put(key, ablationRow);
                        grid.row("original", test.get("0:12")).build().writePng(options.out().resolve("grid-" + key + ".png"));
                        save(key + "-degraded", degraded);
                        results.put(key, row);
                        System.err.println(key + ": " + row);
                    }
                }
                kernel.close();
                save("clean", test);
                out.json(results);
                out.text("ablation.json", new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(ablation) + "\n");
                String table = table(results, degradedScores, classifier, testSet.count(), mnist.train().count())
                        + ablationTable(results, ablation);
                out.markdown(table);
                out.text("setup.json", new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(new Setup(
                        classifier.name(), testSet.count(), mnist.train().count(), epochs, ldmEpochs, ldmStart, setup.latent,
                        setup.distanceRate, steps, alpha, beta, sigmaKer, options.seed())) + "\n");
                System.out.print(table);
            }
        }
        return 0;
    }

    private LdmBuilder ldmBuilder(Progress progress) {
        return LatentDiffusion.builder().steps(2000).epochs(ldmEpochs).batchSize(128).patience(8).seed(options.seed())
                .listener(progress.phase("LDM"));
    }

    private Object ldmConfig(Progress progress) {
        return ldmBuilder(progress).config(setup.latent);
    }

    /** The keys: elastic levels by sigma only (alpha is 34 throughout). */
    static String key(Degradation d) {
        return d instanceof ElasticDeformation e ? "elastic-" + e.sigma() : d.key();
    }

    private static Score score(NDArray restored, NDArray clean, ClassConditionalFid fid) {
        FidResult f = fid.evaluate(restored);
        return new Score(Ssim.gaussian().mean(restored, clean), f.classConditional());
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

    private static String ablationTable(Map<String, Map<String, Score>> results, Map<String, Map<String, Score>> ablation) {
        StringBuilder sb = new StringBuilder("Ablation (SSIM / FID): LMPPM's autoencoder alone, G(F(x)); Algorithm 2 as in the"
                + " paper (fixed alpha, beta); Algorithm 2 with the authors' ramped steps (8 steps, lam 0.65 to 0.9)\n\n");
        sb.append("| degradation | G(F(x)) | Algorithm 2 | Algorithm 2, authors' ramp |\n|---|---|---|---|\n");
        for (String key : results.keySet()) {
            Score plain = ablation.get(key).get("lmppmAutoencoder");
            Score alg2 = results.get(key).get("lmppm");
            Score ramp = ablation.get(key).get("lmppmAuthorsRamp");
            sb.append(String.format(Locale.ROOT, "| %s | %.3f / %.2f | %.3f / %.2f | %.3f / %.2f |%n", key, plain.ssim(),
                    plain.fid(), alg2.ssim(), alg2.fid(), ramp.ssim(), ramp.fid()));
        }
        return sb.toString();
    }

    private static String table(Map<String, Map<String, Score>> results, Map<String, Score> degraded,
            MnistClassifier classifier, int tests, int references) {
        StringBuilder sb = new StringBuilder("# mnist-restore (Table 1)\n\n");
        sb.append("SSIM: Gaussian window (sigma 1.5, 11 taps). FID: class-conditional, features of ").append(classifier.name())
                .append(" (not Inception), ").append(tests).append(" restored digits against ").append(references)
                .append(" clean training digits.\n\n");
        List<String> keys = new ArrayList<>(results.keySet());
        for (int i = 0; i < keys.size(); i += 2) {
            String a = keys.get(i);
            String b = keys.get(Math.min(i + 1, keys.size() - 1));
            sb.append(String.format(Locale.ROOT, "| | %s SSIM | %s FID | %s SSIM | %s FID |%n|---|---|---|---|---|%n", a, a, b, b));
            sb.append(String.format(Locale.ROOT, "| degraded | %.3f | %.2f | %.3f | %.2f |%n", degraded.get(a).ssim(),
                    degraded.get(a).fid(), degraded.get(b).ssim(), degraded.get(b).fid()));
            for (String m : results.get(a).keySet()) {
                Score sa = results.get(a).get(m);
                Score sb2 = results.get(b).get(m);
                sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.2f | %.3f | %.2f |%n", m, sa.ssim(), sa.fid(), sb2.ssim(),
                        sb2.fid()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
