package org.mppm.examples.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import org.mppm.core.smoothing.EmpiricalScore;
import org.mppm.core.smoothing.IsotropicGaussianKernel;
import org.mppm.core.smoothing.SmoothedScore;
import org.mppm.examples.ExperimentOptions;
import org.mppm.examples.OptionChecks;
import org.mppm.examples.ResultsWriter;
import org.mppm.examples.plot.ChartSheet;
import org.mppm.examples.plot.SmoothingCircleFigure;
import org.mppm.models.evaluation.FlowLikelihood;
import org.mppm.samplers.smoothing.ReverseSdeSampler;
import org.mppm.samplers.smoothing.TimeGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Log-domain smoothing, circle experiment (smoothing paper, Fig. 4): 12 equally spaced training
 * points on the unit circle, the empirical score smoothed with an isotropic Gaussian of width sigma.
 * For each sigma, the population NLL {@code -mean log p(x)} of uniform points of the true circle by
 * the probability-flow ODE (eps to T, geometric Euler steps, smoothed score and Laplacian), and
 * samples of the reverse SDE at the sigmas to plot.
 */
@Command(name = "smoothing-circle", mixinStandardHelpOptions = true,
        description = "Score smoothing on the 12-point circle: population NLL per sigma and samples.")
public final class SmoothingCircleCommand implements Callable<Integer>, OptionChecks.Validated {
    /** The authors' NLL at sigma 0.05..0.35 (smoothing.md), for comparison. */
    static final double[] AUTHORS = {1.52, 0.08, -0.39, -0.30, 0.10, 0.78, 1.82};

    @Mixin ExperimentOptions options;
    @Option(names = "--sigmas", split = ",", defaultValue = "0.05,0.1,0.15,0.2,0.25,0.3,0.35",
            description = "Smoothing widths (default: ${DEFAULT-VALUE}).")
    double[] sigmas;
    @Option(names = "--plot-sigmas", split = ",", defaultValue = "0.1,0.2,0.35",
            description = "Widths whose samples are plotted (default: ${DEFAULT-VALUE}).")
    double[] plotSigmas;
    @Option(names = "--training", defaultValue = "12") int training;
    @Option(names = "--T", defaultValue = "5", description = "Largest diffusion time T (default: ${DEFAULT-VALUE}).")
    double tMax;
    @Option(names = "--steps", defaultValue = "100", description = "Grid points of sampler and ODE (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--smin", defaultValue = "1e-3", description = "Smallest sampler noise level (default: ${DEFAULT-VALUE}).")
    double sMin;
    @Option(names = "--eps", defaultValue = "1e-3", description = "Start time of the likelihood ODE (default: ${DEFAULT-VALUE}).")
    double eps;
    @Option(names = "--test-points", defaultValue = "1000") int testPoints;
    @Option(names = "--samples", defaultValue = "1000", description = "SDE samples per plotted sigma (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--score-draws", defaultValue = "200") int scoreDraws;
    @Option(names = "--laplacian-draws", defaultValue = "1000") int laplacianDraws;
    @Option(names = "--batch", defaultValue = "250", description = "Test points per likelihood batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public void validate(OptionChecks check) {
        check.allPositive("--sigmas", sigmas).allPositive("--plot-sigmas", plotSigmas).atLeast("--training", training, 2)
                .positive("--T", tMax).atLeast("--steps", steps, 2).positive("--smin", sMin)
                .that(sMin * sMin < tMax, "--smin squared must be < --T, got " + sMin + " and " + tMax)
                .positive("--eps", eps).that(eps < tMax, "--eps must be < --T, got " + eps + " and " + tMax)
                .atLeast("--test-points", testPoints, 1).atLeast("--samples", samples, 1)
                .atLeast("--score-draws", scoreDraws, 1).atLeast("--laplacian-draws", laplacianDraws, 1)
                .atLeast("--batch", batch, 1);
    }

    @Override
    public Integer call() {
        double[][] train = circle(training);
        SplittableRandom random = new SplittableRandom(options.seed());
        double[][] test = new double[testPoints][];
        for (int i = 0; i < testPoints; i++) {
            double a = 2 * Math.PI * random.nextDouble();
            test[i] = new double[] {Math.cos(a), Math.sin(a)};
        }
        double[] nll = new double[sigmas.length];
        Map<Double, double[]> drawn = new LinkedHashMap<>();
        TimeGrid likelihoodGrid = TimeGrid.geometric(eps, tMax, steps + 1);
        TimeGrid samplerGrid = TimeGrid.geometric(sMin * sMin, tMax, steps).withZero();
        long started = System.nanoTime();
        try (NDManager nd = NDManager.newBaseManager(); EmpiricalScore empirical = EmpiricalScore.of(nd.create(train))) {
            NDArray points = nd.create(test);
            for (int s = 0; s < sigmas.length; s++) {
                SmoothedScore smoothed = SmoothedScore.builder().base(empirical)
                        .kernel(new IsotropicGaussianKernel(sigmas[s])).samples(scoreDraws)
                        .divergenceSamples(laplacianDraws).seed(options.seed() + s).build();
                nll[s] = FlowLikelihood.meanNll(smoothed, points, likelihoodGrid, batch);
                System.err.printf(Locale.ROOT, "sigma %.3f: NLL %.3f (%.0f s)%n", sigmas[s], nll[s],
                        (System.nanoTime() - started) / 1e9);
                if (isPlotted(sigmas[s])) {
                    try (NDArray x = ReverseSdeSampler.of(smoothed, samplerGrid, 2, DataType.FLOAT64)
                            .sample(nd, samples, options.seed() + 100 + s)) {
                        drawn.put(sigmas[s], x.toDoubleArray());
                    }
                }
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("sigmas", sigmas);
        results.put("nll", nll);
        results.put("authorsNll", sigmas.length == AUTHORS.length ? AUTHORS : null);
        results.put("setup", Map.of("training", training, "T", tMax, "steps", steps, "smin", sMin, "eps", eps,
                "testPoints", testPoints, "scoreDraws", scoreDraws, "laplacianDraws", laplacianDraws,
                "seed", options.seed()));
        ResultsWriter out = new ResultsWriter(options.out());
        out.json(results);
        out.markdown(table(nll));
        List<JFreeChart> panels = new ArrayList<>();
        drawn.forEach((sigma, xy) -> panels.add(SmoothingCircleFigure.samples(sigma, xy, train)));
        panels.add(SmoothingCircleFigure.nll(sigmas, nll, sigmas.length == AUTHORS.length ? AUTHORS : null));
        out.png("smoothing-circle.png", ChartSheet.row("smoothing-circle: reverse-SDE samples with the smoothed empirical score,"
                + " and the population NLL", panels, 460, 480).render());
        System.out.println(table(nll));
        System.err.println("wrote " + out.dir().toAbsolutePath());
        return 0;
    }

    private boolean isPlotted(double sigma) {
        return Arrays.stream(plotSigmas).anyMatch(p -> Math.abs(p - sigma) < 1e-9);
    }

    private static double[][] circle(int n) {
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new double[] {Math.cos(2 * Math.PI * i / n), Math.sin(2 * Math.PI * i / n)};
        }
        return p;
    }

    private String table(double[] nll) {
        StringBuilder sb = new StringBuilder("# smoothing-circle (population NLL on the true circle)\n\n");
        sb.append("| sigma | NLL | authors |\n|---|---|---|\n");
        for (int s = 0; s < sigmas.length; s++) {
            String authors = sigmas.length == AUTHORS.length ? String.format(Locale.ROOT, "%.2f", AUTHORS[s]) : "";
            sb.append(String.format(Locale.ROOT, "| %.2f | %.3f | %s |%n", sigmas[s], nll[s], authors));
        }
        return sb.toString();
    }
}
