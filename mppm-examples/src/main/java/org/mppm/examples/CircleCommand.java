package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.Projection;
import org.mppm.core.geometry.Sphere;
import org.mppm.examples.plot.CircleFigure;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.HalfCircle;
import org.mppm.models.evaluation.PointErrors;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.recipes.CircleRecipe;
import org.mppm.samplers.flow.IterativeFlow;
import org.mppm.samplers.flow.StoppingRule;
import org.mppm.samplers.mppm.KernelPull;
import org.mppm.samplers.mppm.MppmProjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Figs. 4-5 of the MPPM paper with learned networks: on the {@link HalfCircle} data a DAE and an
 * MPPM model (Eq. 13) of the {@link CircleRecipe} are trained on the same clean samples, then restore
 * the same noisy test points: the DAE by G(F(x)), MPPM by Algorithm 1. The error of a restored point
 * is its true distance to the circle ({@link PointErrors}).
 */
@Command(name = "circle", mixinStandardHelpOptions = true,
        description = "Figs. 4-5: DAE vs learned MPPM (Eq. 13, Algorithm 1) on a half circle in R^3.")
public final class CircleCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final Sphere CIRCLE = Sphere.unitCircleXY();

    @Mixin ExperimentOptions options;
    @Mixin CircleModels setup;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds run: seed, seed+1, ... (default: ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--alpha", defaultValue = "0.15") double alpha;
    @Option(names = "--beta", defaultValue = "0.1") double beta;
    @Option(names = "--tolerance", defaultValue = "0.001", description = "Per-sample step tolerance. Table 9 says 0.005,"
            + " which stops a sample up to tolerance / beta = 0.05 short of its fixed point (default: ${DEFAULT-VALUE}).")
    double tolerance;
    @Option(names = "--max-steps", defaultValue = "60") int maxSteps;
    @Option(names = "--bins", defaultValue = "6", description = "Angle bins of the error report (default: ${DEFAULT-VALUE}).")
    int bins;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    record Setup(int train, int test, double theta0, double spread, double noise, int epochs, int latent, double dropout,
            double alpha, double beta, double tolerance, int maxSteps, double sigmaKer, double sigmaD) {}

    /** Parts of MPPM alone, same trained model: G(F(x)); Eq. 11 (descent only); the kernel pull only. */
    record Ablation(PointErrors autoencoder, PointErrors descentOnly, PointErrors pullOnly) {}

    record SeedResult(long seed, PointErrors dae, PointErrors mppm, Ablation mppmAblation, double[] daeByBin, double[] mppmByBin,
            int[] countByBin, int daeEpochs, int mppmEpochs, double meanMppmIterations) {}

    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--seeds", seeds, 1).flowWeights(alpha, beta).positive("--tolerance", tolerance)
                .atLeast("--max-steps", maxSteps, 1).atLeast("--bins", bins, 1);
    }

    @Override
    public Integer call() {
        CircleRecipe recipe = setup.recipe();
        HalfCircle data = setup.data();
        List<SeedResult> runs = new ArrayList<>();
        BufferedImage figure = null;
        for (int k = 0; k < seeds; k++) {
            long seed = options.seed() + k;
            try (NDManager nd = NDManager.newBaseManager()) {
                double[][] clean = data.clean(setup.train, seed);
                HalfCircle.Noisy noisy = data.noisy(setup.test, seed);
                double[] angles = noisy.angles();
                NDArray cleanArray = nd.create(clean).toType(DataType.FLOAT32, false);
                NDArray x = nd.create(noisy.points()).toType(DataType.FLOAT32, false);
                Progress progress = new Progress(quiet, "seed " + seed);
                long start = System.nanoTime();
                try (Dae dae = recipe.dae(seed, progress.phase("DAE")).fit(cleanArray);
                        Mppm mppm = recipe.mppm(seed, progress.phase("MPPM")).fit(cleanArray)) {
                    progress.done();
                    long t0 = System.nanoTime();
                    NDArray daeOut = dae.restore(x);
                    try (Projection p = mppm.restoration().alpha(alpha).beta(beta).tolerance(tolerance, maxSteps).build()
                            .project(x)) {
                        System.err.printf(Locale.ROOT, "seed %d: trained in %.1f s; restored in %.1f s%n", seed,
                                (t0 - start) / 1e9, (System.nanoTime() - t0) / 1e9);
                        double[] daeErr = distances(daeOut);
                        double[] mppmErr = distances(p.result());
                        runs.add(new SeedResult(seed, PointErrors.of(daeErr), PointErrors.of(mppmErr), ablation(mppm, x),
                                PointErrors.mseByBin(daeErr, angles, 0, Math.PI, bins),
                                PointErrors.mseByBin(mppmErr, angles, 0, Math.PI, bins),
                                PointErrors.countsByBin(angles, 0, Math.PI, bins), dae.history().size(), mppm.history().size(),
                                java.util.Arrays.stream(p.iterations()).average().orElse(0)));
                        if (k == 0) {
                            figure = CircleFigure.of(clean, daeOut, daeErr, p.result(), mppmErr);
                        }
                    }
                }
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("dae", runs.get(0).dae());
        results.put("mppm", runs.get(0).mppm());
        results.put("seeds", runs);
        results.put("binEdges", PointErrors.binEdges(0, Math.PI, bins));
        results.put("setup", new Setup(setup.train, setup.test, setup.theta0, setup.spread, setup.noise, setup.epochs,
                setup.latent, setup.dropout, alpha, beta, tolerance, maxSteps, setup.sigmaKer, setup.sigmaD));
        ResultsWriter out = new ResultsWriter(options.out());
        out.json(results);
        out.markdown(table(runs));
        out.png("restorations.png", figure);
        System.out.print(table(runs));
        return 0;
    }

    private Ablation ablation(Mppm mppm, NDArray x) {
        PointErrors autoencoder = PointErrors.of(distances(mppm.manifold().project(x)));
        PointErrors descent;
        try (Projection p = MppmProjector.builder().distance(mppm.distance()).alpha(alpha).tolerance(tolerance, maxSteps)
                .build().project(x)) {
            descent = PointErrors.of(distances(p.result()));
        }
        IterativeFlow pullOnly = new IterativeFlow(3, List.of(new KernelPull(mppm.manifoldMean()::mean, beta)),
                StoppingRule.tolerance(tolerance, maxSteps), List.of(), false);
        try (Projection p = pullOnly.project(x)) {
            return new Ablation(autoencoder, descent, PointErrors.of(distances(p.result())));
        }
    }

    /** Each restored point's distance to the true circle. */
    private static double[] distances(NDArray restored) {
        return CIRCLE.distance(restored.toType(DataType.FLOAT64, false)).toDoubleArray();
    }

    private String table(List<SeedResult> runs) {
        StringBuilder sb = new StringBuilder("# circle (Figs. 4-5): DAE vs MPPM, error = distance to the true circle\n\n");
        sb.append("| seed | DAE MSE | MPPM MSE | DAE max error | MPPM max error | epochs DAE / MPPM | MPPM mean steps |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (SeedResult r : runs) {
            sb.append(String.format(Locale.ROOT, "| %d | %.5f | %.5f | %.4f | %.4f | %d / %d | %.1f |%n", r.seed(),
                    r.dae().mse(), r.mppm().mse(), r.dae().maxError(), r.mppm().maxError(), r.daeEpochs(), r.mppmEpochs(),
                    r.meanMppmIterations()));
        }
        sb.append("\nAblation, same MPPM model (MSE / max error): G(F(x)); Eq. 11 descent only; kernel pull only\n\n");
        sb.append("| seed | G(F(x)) | descent only | pull only |\n|---|---|---|---|\n");
        for (SeedResult r : runs) {
            Ablation a = r.mppmAblation();
            sb.append(String.format(Locale.ROOT, "| %d | %.5f / %.4f | %.5f / %.4f | %.5f / %.4f |%n", r.seed(),
                    a.autoencoder().mse(), a.autoencoder().maxError(), a.descentOnly().mse(), a.descentOnly().maxError(),
                    a.pullOnly().mse(), a.pullOnly().maxError()));
        }
        sb.append("\nMSE by angle bin (first seed; data mode theta0 = ").append(setup.theta0).append(")\n\n| bin (rad) | test points | DAE | MPPM |\n|---|---|---|---|\n");
        SeedResult first = runs.get(0);
        double[] edges = PointErrors.binEdges(0, Math.PI, bins);
        for (int b = 0; b < bins; b++) {
            sb.append(String.format(Locale.ROOT, "| %.2f-%.2f | %d | %.5f | %.5f |%n", edges[b], edges[b + 1],
                    first.countByBin()[b], first.daeByBin()[b], first.mppmByBin()[b]));
        }
        return sb.toString();
    }
}
