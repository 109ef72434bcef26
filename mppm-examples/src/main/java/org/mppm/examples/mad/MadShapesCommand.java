package org.mppm.examples.mad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.image.ImageGrid;
import org.mppm.examples.ExperimentOptions;
import org.mppm.examples.OptionChecks;
import org.mppm.examples.ResultsWriter;
import org.mppm.models.data.ShapeImages;
import org.mppm.models.edm.EdmValidationLoss;
import org.mppm.models.edm.ImageDenoiser;
import org.mppm.samplers.edm.EdmGenerator;
import org.mppm.samplers.edm.MadStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mad-shapes}: MAD's synthetic-data experiment (mad.md experiment 4). An EDM U-Net denoiser
 * is trained only on corrupted {@link ShapeImages}; Euler and MAD sample from the same initial noise;
 * each sample's distance to the nearest clean shape image (every shape at every whole degree) is measured.
 *
 * <p>Writes {@code results.json} {@code {"euler": {"meanDistance": ..}, "mad": {"meanDistance": ..},
 * "madSweep": [{"b": .., "meanDistance": ..}, ..], "training": {"meanDistance": ..}, "validationLoss": ..,
 * "validationLossByLevel": [{"sigma": .., "loss": ..}, ..], "settings": {..}}} (madSweep only with
 * {@code --sweep-b}; training: the corrupted training images' own distance; validationLoss: the EDM loss
 * on 256 held-out corrupted images at fixed levels, {@link EdmValidationLoss}, the mean of its levels),
 * {@code table.md} and {@code samples.png} (noisy training images, Euler samples, MAD samples; cf. Fig. 7).
 */
@Command(name = "mad-shapes", mixinStandardHelpOptions = true,
        description = "MAD on a denoiser trained only on corrupted shape images: distance of samples to clean shapes.")
public final class MadShapesCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final int REFERENCE_ANGLES = 360;
    private static final int VALIDATION_IMAGES = 256;
    /** Fixed noise levels of the held-out EDM loss (independent of the training distribution of sigma). */
    private static final double[] VALIDATION_SIGMAS = {0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10};
    private static final double SIGMA_DATA = 0.5;

    @Mixin ExperimentOptions options;
    @Mixin ShapeTraining training;

    @Option(names = "--sweep-b", split = ",", description = "Also sample MAD at these b values (same denoiser, noise and levels) and report each.")
    double[] sweepB = new double[0];
    @Option(names = "--samples", defaultValue = "32", description = "Samples per method (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--steps", defaultValue = "40", description = "EDM levels N (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--a", defaultValue = "1.5", description = "MAD exponent a (default: ${DEFAULT-VALUE}).")
    double a;
    @Option(names = "--b", defaultValue = "1", description = "MAD strength b (default: ${DEFAULT-VALUE}).")
    double b;

    @Override
    public void validate(OptionChecks check) {
        check.that(Arrays.stream(sweepB).allMatch(v -> v >= 0 && Double.isFinite(v)),
                        "--sweep-b values must be finite numbers >= 0, got " + Arrays.toString(sweepB))
                .atLeast("--samples", samples, 1).atLeast("--steps", steps, 2).positive("--a", a).nonNegative("--b", b);
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        ShapeImages shapes = training.shapes();
        int size = shapes.size();
        int pixels = size * size;
        double[] noisy = shapes.corruptedSet(training.images, training.corruption(), options.seed());
        // held-out corrupted images from their own stream, so the training images do not depend on them
        double[] validation = shapes.corruptedSet(VALIDATION_IMAGES, training.corruption(), options.seed() + 3);
        double[][] reference = shapes.references(REFERENCE_ANGLES);
        Map<String, Object> results = new LinkedHashMap<>();
        double[] eulerOut;
        double[] madOut;
        double validationLoss;
        List<Map<String, Object>> byLevel = new ArrayList<>();
        List<Map<String, Object>> sweep = new ArrayList<>();
        KarrasSchedule schedule = KarrasSchedule.edm(steps);
        try (NDManager manager = NDManager.newBaseManager();
                NDArray data = shapes.asImages(manager, noisy, training.images);
                ImageDenoiser denoiser = ImageDenoiser.builder().config(training.denoiser(SIGMA_DATA)).seed(options.seed())
                        .training(training.fit(options.seed() + 1)).fit(data)) {
            try (NDArray held = shapes.asImages(manager, validation, VALIDATION_IMAGES)) {
                validationLoss = EdmValidationLoss.of(denoiser, held, VALIDATION_SIGMAS, SIGMA_DATA, options.seed() + 4);
                double[] levels = EdmValidationLoss.byLevel(denoiser, held, VALIDATION_SIGMAS, SIGMA_DATA, options.seed() + 4);
                for (int k = 0; k < levels.length; k++) {
                    byLevel.add(Map.of("sigma", VALIDATION_SIGMAS[k], "loss", levels[k]));
                }
            }
            System.out.println("held-out EDM loss: " + validationLoss);
            EdmGenerator.Builder generator = EdmGenerator.builder().denoiser(denoiser).schedule(schedule).sampleShape(1, size, size);
            long sampleSeed = options.seed() + 2; // the same starts for Euler and every MAD run
            try (NDArray e = generator.build().sample(manager, samples, sampleSeed);
                    NDArray m = generator.rule(MadStep.of(a, b)).build().sample(manager, samples, sampleSeed)) {
                eulerOut = e.toType(DataType.FLOAT64, false).toDoubleArray();
                madOut = m.toType(DataType.FLOAT64, false).toDoubleArray();
            }
            for (double sb : sweepB) {
                try (NDArray m = generator.rule(MadStep.of(a, sb)).build().sample(manager, samples, sampleSeed)) {
                    sweep.add(Map.of("b", sb, "meanDistance", ShapeImages.meanNearestDistance(m.toType(DataType.FLOAT64, false).toDoubleArray(), reference, pixels)));
                    System.out.println("MAD b=" + sb + ": " + sweep.get(sweep.size() - 1).get("meanDistance"));
                }
            }
        }
        results.put("validationLoss", validationLoss);
        results.put("validationLossByLevel", byLevel);
        results.put("euler", Map.of("meanDistance", ShapeImages.meanNearestDistance(eulerOut, reference, pixels)));
        results.put("mad", Map.of("meanDistance", ShapeImages.meanNearestDistance(madOut, reference, pixels)));
        if (sweepB.length > 0) {
            results.put("madSweep", sweep);
        }
        results.put("training", Map.of("meanDistance",
                ShapeImages.meanNearestDistance(Arrays.copyOf(noisy, Math.min(training.images, 200) * pixels), reference, pixels)));
        results.put("settings", training.settings(samples, steps, a, b, options.seed(), (System.nanoTime() - started) / 1e9));
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
                    .title("mad-shapes: corrupted training images; Euler and MAD samples from the same starts")
                    .row("noisy training images", images(grid, noisy, size, shown))
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

    /** The first {@code count} images of a flat row-major array, {@code [count, 1, size, size]}, clipped to [0, 1]. */
    private static NDArray images(NDManager manager, double[] flat, int size, int count) {
        int n = Math.min(count, flat.length / (size * size));
        return manager.create(Arrays.copyOf(flat, n * size * size), new Shape(n, 1, size, size)).clip(0, 1);
    }
}
