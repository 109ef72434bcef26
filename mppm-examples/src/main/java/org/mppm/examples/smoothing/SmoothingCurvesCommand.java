package org.mppm.examples.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleFunction;
import org.jfree.chart.JFreeChart;
import org.mppm.core.ScoreFunction;
import org.mppm.core.geometry.PointSetDistance;
import org.mppm.core.smoothing.EmpiricalScore;
import org.mppm.core.smoothing.IsotropicGaussianKernel;
import org.mppm.core.smoothing.SmoothedScore;
import org.mppm.examples.ExperimentOptions;
import org.mppm.examples.OptionChecks;
import org.mppm.examples.ResultsWriter;
import org.mppm.examples.plot.ChartSheet;
import org.mppm.examples.plot.CurveSamplesFigure;
import org.mppm.models.data.PlaneCurves;
import org.mppm.samplers.smoothing.GaussianKdeSampler;
import org.mppm.samplers.smoothing.ReverseSdeSampler;
import org.mppm.samplers.smoothing.TimeGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Log-domain smoothing on curves (smoothing paper, Figs. 1, 2, 5): the lima bean
 * ({@code r = sin^3 t' + cos^3 t'}, {@code t' = 0.5 (t - pi) + pi}, polar) and the wavy circle
 * ({@code (cos t, sin t)(1 + 0.13 sin 8t)}), 30 equally spaced training points each. For each
 * sigma: the mean distance of reverse-SDE samples with the isotropically smoothed empirical score,
 * and of Gaussian-KDE samples with bandwidth sigma, to the true curve (a dense sample of it) and
 * to the nearest training point; and the training-point distance of the unsmoothed sampler.
 * The bean is not rotated (the paper's rotation changes none of the distances).
 */
@Command(name = "smoothing-curves", mixinStandardHelpOptions = true,
        description = "Score smoothing vs KDE on the lima-bean and wavy-circle curves.")
public final class SmoothingCurvesCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final int DENSE = 20000;

    @Mixin ExperimentOptions options;

    @Option(names = "--bean-sigmas", split = ",", defaultValue = "0.02,0.05,0.07,0.1,0.12")
    double[] beanSigmas;
    @Option(names = "--wavy-sigmas", split = ",", defaultValue = "0.05,0.1,0.15,0.25")
    double[] wavySigmas;
    @Option(names = "--training", defaultValue = "30") int training;
    @Option(names = "--samples", defaultValue = "2000") int samples;
    @Option(names = "--score-draws", defaultValue = "200") int scoreDraws;
    @Option(names = "--T", defaultValue = "5") double tMax;
    @Option(names = "--steps", defaultValue = "100") int steps;
    @Option(names = "--smin", defaultValue = "1e-3") double sMin;

    @Override
    public void validate(OptionChecks check) {
        check.allPositive("--bean-sigmas", beanSigmas).allPositive("--wavy-sigmas", wavySigmas)
                .atLeast("--training", training, 2).atLeast("--samples", samples, 1).atLeast("--score-draws", scoreDraws, 1)
                .positive("--T", tMax).atLeast("--steps", steps, 2).positive("--smin", sMin)
                .that(sMin * sMin < tMax, "--smin squared must be < --T, got " + sMin + " and " + tMax);
    }

    @Override
    public Integer call() {
        Map<String, Object> results = new LinkedHashMap<>();
        List<List<JFreeChart>> rows = new ArrayList<>();
        StringBuilder table = new StringBuilder("# smoothing-curves (mean distances of samples)\n\n"
                + "| curve | sigma | smoothed: to curve | smoothed: to data | KDE: to curve | KDE: to data |\n"
                + "|---|---|---|---|---|---|\n");
        try (NDManager nd = NDManager.newBaseManager()) {
            results.put("bean", run(nd, "bean", PlaneCurves::bean, beanSigmas, 1.4, rows, table));
            results.put("wavy", run(nd, "wavy", PlaneCurves::wavy, wavySigmas, 1.4, rows, table));
        }
        results.put("setup", Map.of("training", training, "samples", samples, "scoreDraws", scoreDraws, "T", tMax,
                "steps", steps, "smin", sMin, "seed", options.seed()));
        ResultsWriter out = new ResultsWriter(options.out());
        out.json(results);
        out.markdown(table.toString());
        out.png("smoothing-curves.png", new ChartSheet("smoothing-curves: samples with the smoothed score and with a Gaussian KDE"
                + " of the same width, per curve and sigma", rows, 400, 420).render());
        System.out.println(table);
        System.err.println("wrote " + out.dir().toAbsolutePath());
        return 0;
    }

    private Map<String, Object> run(NDManager nd, String name, DoubleFunction<double[]> curve, double[] sigmas,
            double extent, List<List<JFreeChart>> rows, StringBuilder table) {
        double[][] train = PlaneCurves.trace(curve, training);
        TimeGrid grid = TimeGrid.geometric(sMin * sMin, tMax, steps).withZero();
        int n = sigmas.length;
        double[] smoothedCurve = new double[n];
        double[] smoothedData = new double[n];
        double[] kdeCurve = new double[n];
        double[] kdeData = new double[n];
        List<JFreeChart> smoothedPanels = new ArrayList<>();
        List<JFreeChart> kdePanels = new ArrayList<>();
        double unsmoothedData;
        try (NDManager scope = nd.newSubManager();
                EmpiricalScore empirical = EmpiricalScore.of(scope.create(train));
                PointSetDistance toCurve = new PointSetDistance(scope.create(PlaneCurves.trace(curve, DENSE)));
                PointSetDistance toData = new PointSetDistance(scope.create(train))) {
            unsmoothedData = mean(toData, sample(empirical, scope, grid));
            for (int s = 0; s < n; s++) {
                SmoothedScore smoothed = SmoothedScore.builder().base(empirical).kernel(new IsotropicGaussianKernel(sigmas[s]))
                        .samples(scoreDraws).seed(options.seed() + s).build();
                NDArray x = sample(smoothed, scope, grid);
                NDArray kde = GaussianKdeSampler.of(scope.create(train), sigmas[s]).sample(scope, samples,
                        options.seed() + 1000 + s);
                smoothedCurve[s] = mean(toCurve, x);
                smoothedData[s] = mean(toData, x);
                kdeCurve[s] = mean(toCurve, kde);
                kdeData[s] = mean(toData, kde);
                smoothedPanels.add(CurveSamplesFigure.of(name + ": smoothed score, sigma " + sigmas[s], x.toDoubleArray(), train, curve, extent));
                kdePanels.add(CurveSamplesFigure.of(name + ": KDE, sigma " + sigmas[s], kde.toDoubleArray(), train, curve, extent));
                table.append(String.format(Locale.ROOT, "| %s | %.2f | %.4f | %.4f | %.4f | %.4f |%n", name, sigmas[s],
                        smoothedCurve[s], smoothedData[s], kdeCurve[s], kdeData[s]));
                System.err.printf(Locale.ROOT, "%s sigma %.2f: smoothed %.4f / %.4f, KDE %.4f / %.4f%n", name, sigmas[s],
                        smoothedCurve[s], smoothedData[s], kdeCurve[s], kdeData[s]);
            }
        }
        table.append(String.format(Locale.ROOT, "| %s | unsmoothed | | %.4f | | |%n", name, unsmoothedData));
        rows.add(smoothedPanels);
        rows.add(kdePanels);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sigmas", sigmas);
        r.put("smoothed", Map.of("curveDistance", smoothedCurve, "dataDistance", smoothedData));
        r.put("kde", Map.of("curveDistance", kdeCurve, "dataDistance", kdeData));
        r.put("unsmoothed", Map.of("dataDistance", unsmoothedData));
        return r;
    }

    /** The reverse SDE's samples, the same starts and noise (common random numbers) for every score. */
    private NDArray sample(ScoreFunction score, NDManager manager, TimeGrid grid) {
        return ReverseSdeSampler.of(score, grid, 2, DataType.FLOAT64).sample(manager, samples, options.seed());
    }

    private static double mean(PointSetDistance distance, NDArray x) {
        try (NDArray d = distance.distance(x)) {
            return d.mean().getDouble();
        }
    }
}
