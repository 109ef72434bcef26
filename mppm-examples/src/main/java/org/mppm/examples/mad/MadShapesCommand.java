package org.mppm.examples.mad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.edm.EdmNoiseDistribution;
import org.mppm.core.image.ImageGrid;
import org.mppm.examples.ExperimentOptions;
import org.mppm.examples.OptionChecks;
import org.mppm.examples.ResultsWriter;
import org.mppm.models.edm.EdmValidationLoss;
import org.mppm.models.edm.FitConfig;
import org.mppm.models.edm.ImageDenoiser;
import org.mppm.models.edm.ImageDenoiserConfig;
import org.mppm.samplers.edm.EdmGenerator;
import org.mppm.samplers.edm.MadStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mad-shapes}: MAD's synthetic-data experiment (mad.md experiment 4). Grayscale shapes at
 * uniformly random rotations are corrupted (Gaussian bumps subtracted on the boundary, then
 * i.i.d. noise); an EDM U-Net denoiser ({@link ImageDenoiser}) is trained only on the corrupted
 * images; samples are drawn with Euler and with MAD from the same initial noise; each sample's
 * distance to the nearest clean shape image (every shape at every whole-degree rotation) is measured.
 *
 * <p>Writes {@code results.json} {@code {"euler": {"meanDistance": ..}, "mad": {"meanDistance": ..},
 * "madSweep": [{"b": .., "meanDistance": ..}, ..], "training": {"meanDistance": ..}, "validationLoss": ..,
 * "validationLossByLevel": [{"sigma": .., "loss": ..}, ..], "settings": {..}}}
 * (madSweep only with {@code --sweep-b}: MAD at further strengths b from the same initial noise with
 * the same denoiser; training: the corrupted training images' own distance, for scale; validationLoss:
 * the denoiser's EDM loss on 256 held-out corrupted images at fixed levels ({@link EdmValidationLoss}),
 * the criterion for training settings, independent of either sampler; by level: its terms, whose
 * mean it is),
 * {@code table.md} and {@code samples.png} (noisy training images, Euler samples, MAD samples; cf.
 * the paper's Fig. 7). {@code --ema} trains with an EMA of the denoiser's parameters (off by default:
 * within this budget it did not lower either distance).
 *
 * <p>The default corruption (5 bumps of depth 1 and width 3 px, then noise 0.3) follows the paper's
 * description, which gives no parameters: the bumps "blot out large parts of the shape" and the
 * shapes "can hardly be discerned from a single image". The first version's milder corruption is
 * {@code --bumps 3 --bump-depth 0.6 --bump-width 1.5 --noise 0.1}.
 */
@Command(name = "mad-shapes", mixinStandardHelpOptions = true,
        description = "MAD on a denoiser trained only on corrupted shape images: distance of samples to clean shapes.")
public final class MadShapesCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final int REFERENCE_ANGLES = 360;
    private static final int VALIDATION_IMAGES = 256;
    /** Fixed noise levels of the held-out EDM loss (independent of the training distribution of sigma). */
    private static final double[] VALIDATION_SIGMAS = {0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10};
    private static final double SIGMA_DATA = 0.5;

    @Mixin
    ExperimentOptions options;

    @Option(names = "--size", defaultValue = "32", description = "Image size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--images", defaultValue = "2000", description = "Corrupted training images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--iterations", defaultValue = "3000", description = "Training iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--batch", defaultValue = "32", description = "Training batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-final", description = "Cosine-decay the learning rate to this value at the last step (default: no decay).")
    Double finalLearningRate;

    @Option(names = "--p-mean", defaultValue = "-1.2", description = "Mean of ln sigma in the EDM loss (default: ${DEFAULT-VALUE}).")
    double pMean;

    @Option(names = "--p-std", defaultValue = "1.2", description = "Std of ln sigma in the EDM loss (default: ${DEFAULT-VALUE}).")
    double pStd;

    @Option(names = "--ema", defaultValue = "0", description = "EMA decay of the denoiser's parameters, 0 for none (default: ${DEFAULT-VALUE}).")
    double ema;

    @Option(names = "--sweep-b", split = ",", description = "Also sample MAD at these b values (same denoiser, noise and levels) and report each.")
    double[] sweepB = new double[0];

    @Option(names = "--width", defaultValue = "16", description = "U-Net base width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--noise-embedding", defaultValue = "-1", description = "Width of the U-Net's noise-level "
            + "embedding, added at every level (default: 4 x --width; 0: c_noise only as a constant input channel, the "
            + "first version).")
    int noiseEmbedding;

    @Option(names = "--samples", defaultValue = "32", description = "Samples per method (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--steps", defaultValue = "40", description = "EDM levels N (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--a", defaultValue = "1.5", description = "MAD exponent a (default: ${DEFAULT-VALUE}).")
    double a;

    @Option(names = "--b", defaultValue = "1", description = "MAD strength b (default: ${DEFAULT-VALUE}).")
    double b;

    @Option(names = "--noise", defaultValue = "0.3", description = "Std of the i.i.d. corruption noise (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--bumps", defaultValue = "5", description = "Boundary bumps subtracted per image (default: ${DEFAULT-VALUE}).")
    int bumps;

    @Option(names = "--bump-depth", defaultValue = "1.0", description = "Height of each subtracted bump (default: ${DEFAULT-VALUE}).")
    double bumpDepth;

    @Option(names = "--bump-width", defaultValue = "3.0", description = "Std of each bump in pixels (default: ${DEFAULT-VALUE}).")
    double bumpWidth;

    @Override
    public void validate(OptionChecks check) {
        check.that(size >= 4 && size % 4 == 0, "--size must be a multiple of 4 >= 4, got " + size)
                .atLeast("--images", images, 1).atLeast("--iterations", iterations, 1).atLeast("--batch", batch, 1)
                .positive("--lr", learningRate)
                .that(finalLearningRate == null || finalLearningRate >= 0 && finalLearningRate <= learningRate,
                        "--lr-final must lie in [0, --lr], got " + finalLearningRate)
                .finite("--p-mean", pMean).positive("--p-std", pStd).halfOpen("--ema", ema, 0, 1)
                .that(Arrays.stream(sweepB).allMatch(v -> v >= 0 && Double.isFinite(v)),
                        "--sweep-b values must be finite numbers >= 0, got " + Arrays.toString(sweepB))
                .atLeast("--width", width, 1).atLeast("--noise-embedding", noiseEmbedding, -1).atLeast("--samples", samples, 1)
                .atLeast("--steps", steps, 2).positive("--a", a).nonNegative("--b", b).nonNegative("--noise", noise)
                .atLeast("--bumps", bumps, 0).nonNegative("--bump-depth", bumpDepth).positive("--bump-width", bumpWidth);
    }

    @Override
    public Integer call() {
        int embedding = noiseEmbedding == -1 ? 4 * width : noiseEmbedding;
        long started = System.nanoTime();
        ShapeImages shapes = new ShapeImages(size);
        int pixels = size * size;
        SplittableRandom random = new SplittableRandom(options.seed());
        double[] training = new double[images * pixels];
        for (int i = 0; i < images; i++) {
            double[] v = shapes.corrupted(random.nextInt(ShapeImages.SHAPES), 2 * Math.PI * random.nextDouble(), bumps,
                    bumpDepth, bumpWidth, noise, random);
            System.arraycopy(v, 0, training, i * pixels, pixels);
        }
        // held-out corrupted images from their own stream, so the training images do not depend on them
        SplittableRandom heldOut = new SplittableRandom(options.seed() + 3);
        double[] validation = new double[VALIDATION_IMAGES * pixels];
        for (int i = 0; i < VALIDATION_IMAGES; i++) {
            double[] v = shapes.corrupted(heldOut.nextInt(ShapeImages.SHAPES), 2 * Math.PI * heldOut.nextDouble(), bumps,
                    bumpDepth, bumpWidth, noise, heldOut);
            System.arraycopy(v, 0, validation, i * pixels, pixels);
        }
        double[][] reference = new double[ShapeImages.SHAPES * REFERENCE_ANGLES][];
        for (int k = 0; k < ShapeImages.SHAPES; k++) {
            for (int d = 0; d < REFERENCE_ANGLES; d++) {
                reference[k * REFERENCE_ANGLES + d] = shapes.clean(k, Math.toRadians(d));
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        double[] eulerOut;
        double[] madOut;
        double validationLoss;
        List<Map<String, Object>> byLevel = new ArrayList<>();
        List<Map<String, Object>> sweep = new ArrayList<>();
        KarrasSchedule schedule = KarrasSchedule.edm(steps);
        try (NDManager manager = NDManager.newBaseManager();
                ImageDenoiser denoiser = ImageDenoiser.create(new ImageDenoiserConfig(1, size, size, width, 2, SIGMA_DATA,
                        embedding),
                        options.seed())) {
            try (NDArray data = manager.create(toFloat(training), new Shape(images, 1, size, size))) {
                FitConfig.Builder fit = FitConfig.builder().iterations(iterations).batchSize(batch).learningRate(learningRate)
                        .noise(new EdmNoiseDistribution(pMean, pStd)).emaDecay(ema).seed(options.seed() + 1);
                if (finalLearningRate != null) {
                    fit.finalLearningRate(finalLearningRate);
                }
                denoiser.fit(data, fit.build());
            }
            try (NDArray held = manager.create(toFloat(validation), new Shape(VALIDATION_IMAGES, 1, size, size))) {
                validationLoss = EdmValidationLoss.of(denoiser, held, VALIDATION_SIGMAS, SIGMA_DATA, options.seed() + 4);
                for (double s : VALIDATION_SIGMAS) { // same noise as in the average, one level at a time
                    byLevel.add(Map.of("sigma", s, "loss",
                            EdmValidationLoss.of(denoiser, held, new double[] {s}, SIGMA_DATA, options.seed() + 4)));
                }
            }
            System.out.println("held-out EDM loss: " + validationLoss);
            EdmGenerator.Builder generator = EdmGenerator.builder().denoiser(denoiser).schedule(schedule).sampleShape(1, size, size);
            long sampleSeed = options.seed() + 2; // the same starts for Euler and every MAD run
            try (NDArray e = generator.build().sample(manager, samples, sampleSeed);
                    NDArray m = generator.rule(MadStep.of(a, b)).build().sample(manager, samples, sampleSeed)) {
                eulerOut = toDouble(e.toFloatArray());
                madOut = toDouble(m.toFloatArray());
            }
            for (double sb : sweepB) {
                try (NDArray m = generator.rule(MadStep.of(a, sb)).build().sample(manager, samples, sampleSeed)) {
                    sweep.add(Map.of("b", sb, "meanDistance", meanDistance(toDouble(m.toFloatArray()), reference, pixels)));
                    System.out.println("MAD b=" + sb + ": " + sweep.get(sweep.size() - 1).get("meanDistance"));
                }
            }
        }
        results.put("validationLoss", validationLoss);
        results.put("validationLossByLevel", byLevel);
        results.put("euler", Map.of("meanDistance", meanDistance(eulerOut, reference, pixels)));
        results.put("mad", Map.of("meanDistance", meanDistance(madOut, reference, pixels)));
        if (sweepB.length > 0) {
            results.put("madSweep", sweep);
        }
        results.put("training", Map.of("meanDistance",
                meanDistance(Arrays.copyOf(training, Math.min(images, 200) * pixels), reference, pixels)));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("size", size);
        settings.put("images", images);
        settings.put("iterations", iterations);
        settings.put("batch", batch);
        settings.put("learningRate", learningRate);
        settings.put("finalLearningRate", finalLearningRate == null ? learningRate : finalLearningRate);
        settings.put("pMean", pMean);
        settings.put("pStd", pStd);
        settings.put("ema", ema);
        settings.put("width", width);
        settings.put("noiseEmbedding", embedding);
        settings.put("samples", samples);
        settings.put("steps", steps);
        settings.put("a", a);
        settings.put("b", b);
        settings.put("noise", noise);
        settings.put("bumps", bumps);
        settings.put("bumpDepth", bumpDepth);
        settings.put("bumpWidth", bumpWidth);
        settings.put("seed", options.seed());
        settings.put("seconds", (System.nanoTime() - started) / 1e9);
        results.put("settings", settings);
        ResultsWriter writer = new ResultsWriter(options.out());
        writer.json(results);
        String table = String.format(Locale.ROOT,
                "| images | mean distance to nearest clean shape |%n|---|---|%n| corrupted training | %.4f |%n"
                        + "| Euler samples | %.4f |%n| MAD samples (a=%.2g, b=%.2g) | %.4f |%n",
                distance(results, "training"), distance(results, "euler"), a, b, distance(results, "mad"));
        writer.markdown(table);
        int shown = Math.min(12, samples);
        try (NDManager grid = NDManager.newBaseManager()) {
            // rows: noisy training images, Euler samples, MAD samples
            writer.png("samples.png", ImageGrid.builder().scale(3)
                    .row("noisy training images", images(grid, training, size, shown))
                    .row("Euler samples", images(grid, eulerOut, size, shown))
                    .row("MAD samples", images(grid, madOut, size, shown)).build().render());
        }
        System.out.print(table);
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static double distance(Map<String, Object> results, String key) {
        return (Double) ((Map<String, Object>) results.get(key)).get("meanDistance");
    }

    /** Mean over images of the L2 distance to the nearest reference image. */
    static double meanDistance(double[] flat, double[][] reference, int pixels) {
        int n = flat.length / pixels;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] r : reference) {
                double ss = 0;
                for (int j = 0; j < pixels && ss < best; j++) {
                    double d = flat[i * pixels + j] - r[j];
                    ss += d * d;
                }
                best = Math.min(best, ss);
            }
            total += Math.sqrt(best);
        }
        return total / n;
    }

    /** The first {@code count} images of a flat row-major array, {@code [count, 1, size, size]}, clipped to [0, 1]. */
    private static NDArray images(NDManager manager, double[] flat, int size, int count) {
        int n = Math.min(count, flat.length / (size * size));
        return manager.create(Arrays.copyOf(flat, n * size * size), new Shape(n, 1, size, size)).clip(0, 1);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
