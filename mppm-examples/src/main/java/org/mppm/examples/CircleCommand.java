package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.Projection;
import org.mppm.core.geometry.Sphere;
import org.mppm.examples.plot.ChartSheet;
import org.mppm.examples.plot.CircleFigure;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.HalfCircle;
import org.mppm.models.evaluation.PointErrors;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.mppm.MppmAblation;
import org.mppm.models.recipes.CircleRecipe;
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

    record SeedResult(long seed, PointErrors dae, PointErrors mppm, MppmAblation<PointErrors> mppmAblation, double[] daeByBin, double[] mppmByBin,
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
        ChartSheet figure = null;
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
                        runs.add(new SeedResult(seed, PointErrors.of(daeErr), PointErrors.of(mppmErr),
                                MppmAblation.of(mppm, x, alpha, beta, tolerance, maxSteps, r -> PointErrors.of(distances(r))),
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
        String table = CircleTable.of(runs, setup.theta0, bins);
        out.markdown(table);
        out.png("restorations.png", figure.render());
        System.out.print(table);
        return 0;
    }

    /** Each restored point's distance to the true circle. */
    private static double[] distances(NDArray restored) {
        return CIRCLE.distance(restored.toType(DataType.FLOAT64, false)).toDoubleArray();
    }
}
