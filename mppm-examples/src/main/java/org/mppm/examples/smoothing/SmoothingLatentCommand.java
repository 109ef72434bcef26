package org.mppm.examples.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.DoubleStream;
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
    @Mixin LatentGridOptions time;

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
    @Option(names = "--no-classifier", description = "Skip the classifier agreement of decoded samples.")
    boolean noClassifier;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    @Override
    public void validate(OptionChecks check) {
        check.between("--digit", digit, 0, 9).atLeast("--training", training, 2).atLeast("--samples", samples, 1)
                .allPositive("--sigmas", sigmas).that(kdeSigmas.length == 0 || Arrays.stream(kdeSigmas)
                        .allMatch(s -> s > 0 && Double.isFinite(s)), "--kde-sigmas values must be finite numbers > 0, got "
                        + Arrays.toString(kdeSigmas))
                .atLeast("--score-draws", scoreDraws, 1);
    }

    @Override
    public Integer call() throws IOException {
        TimeGrid grid = time.grid();
        MnistData mnist = setup.load();
        ClassSubset subset = ClassSubset.of(mnist.train(), mnist.test(), digit, training, options.seed());
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Measures> measured = new LinkedHashMap<>();
        ImageGrid.Builder figure = ImageGrid.builder().scale(2).title("smoothing-latent: digit " + digit
                + ", decoded samples of each latent sampler (sigma in standardised latent units)");
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray trainImages = mnist.train().images(nd);
            Progress progress = new Progress(quiet, "smoothing-latent");
            MnistClassifier classifier = noClassifier ? null : setup.classifier(options.out(), mnist);
            try (Dae dae = setup.dae(options.out(), options.seed(), progress.phase("DAE"), trainImages)) {
                progress.done();
                LatentSpace latent = LatentSpace.of(dae.autoencoder(), trainImages);
                ClassSubset.Encoded codes = subset.encode(latent::encode, trainImages, mnist.test().images(nd));
                NDArray trainingCodes = codes.chosenCodes();
                results.put("setup", new LatentReport.Setup(digit, training, subset.classSize(), samples, scoreDraws, time.tMax,
                        time.steps, time.sMin, time.gridKind, latent.dimension(), latent.scale(),
                        "dae, mnist-cnn (Table 7), " + setup.epochs() + " epochs", options.seed()));
                results.put("trainingSpread", SampleMeasures.spread(trainingCodes));
                System.err.printf(Locale.ROOT, "digit %d: %d training codes, %d codes of the class; latent scale %.4f%n", digit,
                        training, codes.classCodes().getShape().get(0), latent.scale());
                figure.row("training digits", codes.chosen().get("0:" + SHOWN));
                figure.row("decoded training codes", latent.decode(trainingCodes.get("0:" + SHOWN)));
                try (SampleMeasures distances = new SampleMeasures(trainingCodes, codes.classCodes(), codes.unseenCodes(),
                        classifier == null ? null : x -> {
                            try (NDArray images = latent.decode(x)) {
                                return classifier.agreement(images, digit);
                            }
                        });
                        EmpiricalScore empirical = EmpiricalScore.of(trainingCodes)) {
                    LatentReport.Runs runs = new LatentReport.Runs(distances, latent, measured, figure, SHOWN);
                    runs.add("unsmoothed", "unsmoothed", sample(empirical, nd, grid, latent.dimension()));
                    for (int s = 0; s < sigmas.length; s++) {
                        SmoothedScore smoothed = SmoothedScore.builder().base(empirical)
                                .kernel(new IsotropicGaussianKernel(sigmas[s])).samples(scoreDraws).seed(options.seed() + s).build();
                        runs.add(LatentReport.key("smoothed", sigmas[s]), String.format(Locale.ROOT, "smoothed %.2f", sigmas[s]),
                                sample(smoothed, nd, grid, latent.dimension()));
                    }
                    double[] allKde = DoubleStream.concat(Arrays.stream(sigmas), Arrays.stream(kdeSigmas)).distinct().sorted()
                            .toArray(); // the smoothing widths, then the extra ones, each once, increasing
                    for (int s = 0; s < allKde.length; s++) {
                        runs.add(LatentReport.key("kde", allKde[s]), String.format(Locale.ROOT, "KDE %.2f", allKde[s]),
                                GaussianKdeSampler.of(trainingCodes, allKde[s]).sample(nd, samples, options.seed() + 1000 + s));
                    }
                }
            } finally {
                if (classifier != null) {
                    classifier.close();
                }
            }
        }
        results.put("samplers", measured);
        results.put("matchedKde", LatentReport.matchedKde(measured, sigmas));
        ResultsWriter out = new ResultsWriter(options.out());
        out.json(results);
        String table = LatentReport.of(measured, digit, training, samples, (Double) results.get("trainingSpread"));
        out.markdown(table);
        figure.build().writePng(out.dir().resolve("smoothing-latent.png"));
        System.out.print(table);
        System.err.println("wrote " + out.dir().toAbsolutePath());
        return 0;
    }

    /** The reverse SDE's samples {@code [samples, d]}, the same starts and noise (common random numbers) for every score. */
    private NDArray sample(ScoreFunction score, NDManager manager, TimeGrid grid, int dimension) {
        return ReverseSdeSampler.of(score, grid, dimension, DataType.FLOAT64).sample(manager, samples, options.seed());
    }
}
