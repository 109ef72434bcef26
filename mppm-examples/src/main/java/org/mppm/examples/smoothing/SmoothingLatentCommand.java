package org.mppm.examples.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.ScoreFunction;
import org.mppm.core.image.ImageGrid;
import org.mppm.core.smoothing.EmpiricalScore;
import org.mppm.core.smoothing.IsotropicGaussianKernel;
import org.mppm.core.smoothing.SmoothedScore;
import org.mppm.examples.ExperimentOptions;
import org.mppm.examples.MnistModels;
import org.mppm.examples.OptionChecks;
import org.mppm.examples.Progress;
import org.mppm.examples.ResultsWriter;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.ClassSubset;
import org.mppm.models.data.MnistData;
import org.mppm.models.evaluation.SampleMeasures;
import org.mppm.models.evaluation.SampleMeasures.Measures;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.nn.LatentSpace;
import org.mppm.samplers.smoothing.GaussianKdeSampler;
import org.mppm.samplers.smoothing.ReverseSdeSampler;
import org.mppm.samplers.smoothing.TimeGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Log-domain smoothing in an autoencoder's latent space (smoothing paper, latent MNIST experiment):
 * the codes of 100 training digits of one class (in the standardised coordinates of
 * {@link LatentSpace}) are the training set of the empirical score; reverse-SDE samples with the
 * isotropically smoothed score, the unsmoothed sampler and Gaussian-KDE samples are compared by the
 * distance to the nearest training code (memorisation) and to the nearest code of all digits of
 * the class, held-out and test digits included (the class's manifold), and decoded to images.
 * The autoencoder is the DAE of {@code mnist-restore} (Table 7, same configuration and cache).
 */
@Command(name = "smoothing-latent", mixinStandardHelpOptions = true,
        description = "Score smoothing vs KDE in the latent space of an MNIST autoencoder (one digit class).")
public final class SmoothingLatentCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final int SHOWN = 12;

    @Mixin ExperimentOptions options;
    @Mixin MnistModels setup;

    @Option(names = "--digit", defaultValue = "4", description = "The digit class (paper: 4) (default: ${DEFAULT-VALUE}).")
    int digit;
    @Option(names = "--training", defaultValue = "100", description = "Training codes (paper: 100) (default: ${DEFAULT-VALUE}).")
    int training;
    @Option(names = "--samples", defaultValue = "500", description = "Samples per sampler (paper: 500) (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--sigmas", split = ",", defaultValue = "0.4,0.6,0.8,1.0,1.2",
            description = "Smoothing widths, in standardised latent units; KDE runs at each too (default: ${DEFAULT-VALUE}).")
    double[] sigmas;
    @Option(names = "--kde-sigmas", split = ",", defaultValue = "0.1,0.2,0.25,0.3",
            description = "Extra KDE bandwidths, so that KDE also reaches the smoothed samples' distances to the training"
                    + " codes (default: ${DEFAULT-VALUE}).")
    double[] kdeSigmas;
    @Option(names = "--score-draws", defaultValue = "200", description = "Monte Carlo draws of the smoothed score"
            + " (paper: 1,000) (default: ${DEFAULT-VALUE}).")
    int scoreDraws;
    @Option(names = "--T", defaultValue = "9", description = "Final diffusion time (paper: sigma_max 3) (default: ${DEFAULT-VALUE}).")
    double tMax;
    @Option(names = "--steps", defaultValue = "100") int steps;
    @Option(names = "--smin", defaultValue = "1e-3") double sMin;
    @Option(names = "--grid", defaultValue = "geometric", description = "Time grid: geometric (the paper's) or edm"
            + " (Karras levels, rho 7) (default: ${DEFAULT-VALUE}).")
    String gridKind;
    @Option(names = "--no-classifier", description = "Skip the classifier agreement of decoded samples.")
    boolean noClassifier;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    @Override
    public void validate(OptionChecks check) {
        check.between("--digit", digit, 0, 9).atLeast("--training", training, 2).atLeast("--samples", samples, 1)
                .allPositive("--sigmas", sigmas).that(kdeSigmas.length == 0 || Arrays.stream(kdeSigmas)
                        .allMatch(s -> s > 0 && Double.isFinite(s)), "--kde-sigmas values must be finite numbers > 0, got "
                        + Arrays.toString(kdeSigmas))
                .atLeast("--score-draws", scoreDraws, 1).positive("--T", tMax).atLeast("--steps", steps, 2)
                .positive("--smin", sMin).that(sMin * sMin < tMax, "--smin squared must be < --T, got " + sMin + " and " + tMax)
                .that(gridKind.equals("geometric") || gridKind.equals("edm"), "--grid must be geometric or edm, got '" + gridKind + "'");
    }

    @Override
    public Integer call() throws IOException {
        TimeGrid grid = grid();
        MnistData mnist = setup.load();
        ClassSubset subset = ClassSubset.of(mnist.train(), mnist.test(), digit, training, options.seed());
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Measures> measured = new LinkedHashMap<>();
        ImageGrid.Builder figure = ImageGrid.builder().scale(2);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray trainImages = mnist.train().images(nd);
            Progress progress = new Progress(quiet, "smoothing-latent");
            MnistClassifier classifier = noClassifier ? null : setup.classifier(options.out(), mnist);
            try (Dae dae = setup.dae(options.out(), options.seed(), progress.phase("DAE"), trainImages)) {
                progress.done();
                LatentSpace latent = LatentSpace.of(dae.autoencoder(), trainImages);
                NDArray classTrain = subset.trainRows(trainImages);
                NDArray trainingImages = subset.chosenRows(classTrain);
                NDArray trainingCodes = latent.encode(trainingImages);
                NDArray classCodes = latent.encode(classTrain).concat(latent.encode(subset.testRows(mnist.test().images(nd))));
                NDArray unseenCodes = subset.unseenRows(classCodes);
                results.put("setup", setup(subset.classSize(), latent));
                results.put("trainingSpread", SampleMeasures.spread(trainingCodes));
                System.err.printf(Locale.ROOT, "digit %d: %d training codes, %d codes of the class; latent scale %.4f%n", digit,
                        training, classCodes.getShape().get(0), latent.scale());
                figure.row("training digits", trainingImages.get("0:" + SHOWN));
                figure.row("decoded training codes", latent.decode(trainingCodes.get("0:" + SHOWN)));
                try (SampleMeasures distances = new SampleMeasures(trainingCodes, classCodes, unseenCodes,
                        classifier == null ? null : x -> agreement(classifier, latent, x));
                        EmpiricalScore empirical = EmpiricalScore.of(trainingCodes)) {
                    NDArray memorised = sample(empirical, nd, grid, latent.dimension());
                    measured.put("unsmoothed", distances.of(memorised));
                    figure.row("unsmoothed", latent.decode(memorised.get("0:" + SHOWN)));
                    report("unsmoothed", measured.get("unsmoothed"));
                    for (int s = 0; s < sigmas.length; s++) {
                        SmoothedScore smoothed = SmoothedScore.builder().base(empirical)
                                .kernel(new IsotropicGaussianKernel(sigmas[s])).samples(scoreDraws).seed(options.seed() + s).build();
                        NDArray x = sample(smoothed, nd, grid, latent.dimension());
                        String key = key("smoothed", sigmas[s]);
                        measured.put(key, distances.of(x));
                        figure.row(String.format(Locale.ROOT, "smoothed %.2f", sigmas[s]), latent.decode(x.get("0:" + SHOWN)));
                        report(key, measured.get(key));
                        x.close();
                    }
                    double[] allKde = kdeBandwidths();
                    for (int s = 0; s < allKde.length; s++) {
                        NDArray kde = GaussianKdeSampler.of(trainingCodes, allKde[s]).sample(nd, samples, options.seed() + 1000 + s);
                        String key = key("kde", allKde[s]);
                        measured.put(key, distances.of(kde));
                        figure.row(String.format(Locale.ROOT, "KDE %.2f", allKde[s]), latent.decode(kde.get("0:" + SHOWN)));
                        report(key, measured.get(key));
                        kde.close();
                    }
                }
            } finally {
                if (classifier != null) {
                    classifier.close();
                }
            }
        }
        results.put("samplers", measured);
        results.put("matchedKde", matchedKde(measured));
        ResultsWriter out = new ResultsWriter(options.out());
        out.json(results);
        String table = table(measured, (Double) results.get("trainingSpread"));
        out.markdown(table);
        figure.build().writePng(out.dir().resolve("smoothing-latent.png"));
        System.out.print(table);
        System.err.println("wrote " + out.dir().toAbsolutePath());
        return 0;
    }

    /** The fraction of codes {@code [M, d]} whose decoded digits the classifier assigns to {@code --digit}. */
    private double agreement(MnistClassifier classifier, LatentSpace latent, NDArray x) {
        try (NDArray images = latent.decode(x)) {
            return Arrays.stream(classifier.classify(images)).filter(c -> c == digit).count() / (double) x.getShape().get(0);
        }
    }

    /** The reverse SDE's samples {@code [samples, d]}, the same starts and noise (common random numbers) for every score. */
    private NDArray sample(ScoreFunction score, NDManager manager, TimeGrid grid, int dimension) {
        return ReverseSdeSampler.of(score, grid, dimension, DataType.FLOAT64).sample(manager, samples, options.seed());
    }

    private TimeGrid grid() {
        return switch (gridKind) {
            case "geometric" -> TimeGrid.geometric(sMin * sMin, tMax, steps).withZero();
            case "edm" -> TimeGrid.edm(new KarrasSchedule(steps, sMin, Math.sqrt(tMax), 7)).withZero();
            default -> throw new IllegalArgumentException("--grid must be geometric or edm, got '" + gridKind + "'");
        };
    }

    /** The KDE bandwidths: the smoothing widths, then the extra ones, each once, increasing. */
    private double[] kdeBandwidths() {
        return Arrays.stream(concat(sigmas, kdeSigmas)).distinct().sorted().toArray();
    }

    /** For each smoothed run, the KDE's class distance at the same training distance ({@link SampleMeasures#classDistanceAt}). */
    private Map<String, Object> matchedKde(Map<String, Measures> measured) {
        List<Measures> kde = measured.entrySet().stream().filter(e -> e.getKey().startsWith("kde")).map(Map.Entry::getValue).toList();
        Map<String, Object> matched = new LinkedHashMap<>();
        for (double sigma : sigmas) {
            Measures m = measured.get(key("smoothed", sigma));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("trainingDistance", m.trainingDistance());
            row.put("smoothedClassDistance", m.classDistance());
            row.put("kdeClassDistance", SampleMeasures.classDistanceAt(kde, m.trainingDistance()));
            matched.put(key("smoothed", sigma), row);
        }
        return matched;
    }

    private String table(Map<String, Measures> measured, double trainingSpread) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "# smoothing-latent (digit %d, %d training codes, "
                + "%d samples each; mean distances in standardised latent units; spread = mean distance of the samples to "
                + "their mean, %.3f for the training codes)%n%n", digit, training, samples, trainingSpread));
        t.append("| sampler | sigma | to training codes | to class codes | to unseen class codes | nearest class code unseen "
                + "| spread | classified as ").append(digit).append(" |\n|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Measures> e : measured.entrySet()) {
            String[] parts = e.getKey().split("@");
            Measures m = e.getValue();
            t.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.3f | %.3f | %s |%n", parts[0],
                    parts.length > 1 ? parts[1] : "", m.trainingDistance(), m.classDistance(), m.unseenDistance(),
                    m.novelFraction(), m.spread(), Double.isNaN(m.classifierAgreement()) ? "" : String.format(Locale.ROOT, "%.3f",
                            m.classifierAgreement())));
        }
        return t.toString();
    }

    /** The settings of a run, as written to results.json. */
    record Setup(int digit, int training, int classCodes, int samples, int scoreDraws, double T, int steps, double smin,
            String grid, int latent, double latentScale, String autoencoder, long seed) {}

    private Setup setup(int classSize, LatentSpace latent) {
        return new Setup(digit, training, classSize, samples, scoreDraws, tMax, steps, sMin, gridKind, latent.dimension(),
                latent.scale(), "dae, mnist-cnn (Table 7), " + setup.epochs() + " epochs", options.seed());
    }

    private static void report(String key, Measures m) {
        System.err.printf(Locale.ROOT, "%-16s to training %.4f, to class %.4f, to unseen %.4f, novel %.3f, spread %.3f, "
                + "agreement %.3f%n", key, m.trainingDistance(), m.classDistance(), m.unseenDistance(), m.novelFraction(),
                m.spread(), m.classifierAgreement());
    }

    private static String key(String sampler, double sigma) {
        return sampler + "@" + java.math.BigDecimal.valueOf(sigma).stripTrailingZeros().toPlainString();
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
