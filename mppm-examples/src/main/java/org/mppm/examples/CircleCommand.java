package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.mppm.core.Projection;
import org.mppm.core.SeededNoise;
import org.mppm.core.geometry.Sphere;
import org.mppm.examples.plot.Figure;
import org.mppm.models.dae.Dae;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.mppm.MppmBuilder;
import org.mppm.samplers.flow.IterativeFlow;
import org.mppm.samplers.flow.StoppingRule;
import org.mppm.samplers.mppm.KernelPull;
import org.mppm.samplers.mppm.MppmProjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Figs. 4-5 of the MPPM paper with learned networks: a half circle in the xy-plane of R^3 whose
 * angles follow a truncated normal (dense around theta0, sparse towards the far end); a DAE and an
 * MPPM model (Eq. 13) are trained on the same clean samples, then restore the same noisy test
 * points: the DAE by G(F(x)), MPPM by Algorithm 1. The error of a restored point is its true
 * distance to the circle.
 */
@Command(name = "circle", mixinStandardHelpOptions = true,
        description = "Figs. 4-5: DAE vs learned MPPM (Eq. 13, Algorithm 1) on a half circle in R^3.")
public final class CircleCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final Sphere CIRCLE = Sphere.unitCircleXY();

    @Mixin ExperimentOptions options;

    @Option(names = "--seeds", defaultValue = "3", description = "Seeds run: seed, seed+1, ... (default: ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--train", defaultValue = "2000", description = "Clean training points (default: ${DEFAULT-VALUE}).")
    int train;
    @Option(names = "--test", defaultValue = "500", description = "Noisy test points (default: ${DEFAULT-VALUE}).")
    int test;
    @Option(names = "--theta0", defaultValue = "1.0", description = "Mode of the data angles (default: ${DEFAULT-VALUE}).")
    double theta0;
    @Option(names = "--spread", defaultValue = "0.6", description = "Std of the data angles before truncation to [0, pi] (default: ${DEFAULT-VALUE}).")
    double spread;
    @Option(names = "--noise", defaultValue = "0.1", description = "Training and test noise sigma (default: ${DEFAULT-VALUE}).")
    double noise;
    @Option(names = "--epochs", defaultValue = "500", description = "Training epochs, both models (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--patience", defaultValue = "100") int patience;
    @Option(names = "--alpha", defaultValue = "0.15") double alpha;
    @Option(names = "--beta", defaultValue = "0.1") double beta;
    @Option(names = "--tolerance", defaultValue = "0.001", description = "Per-sample step tolerance. Table 9 says 0.005,"
            + " which stops a sample up to tolerance / beta = 0.05 short of its fixed point (default: ${DEFAULT-VALUE}).")
    double tolerance;
    @Option(names = "--max-steps", defaultValue = "60") int maxSteps;
    @Option(names = "--sigma-ker", defaultValue = "0.01") double sigmaKer;
    @Option(names = "--sigma-d", defaultValue = "0.15") double sigmaD;
    @Option(names = "--latent", defaultValue = "8", description = "Latent size d of both autoencoders (Table 6: 8; the circle's own dimension is 1) (default: ${DEFAULT-VALUE}).")
    int latent;
    @Option(names = "--dropout", defaultValue = "0.2", description = "Dropout of the distance network (Table 6: 0.2) (default: ${DEFAULT-VALUE}).")
    double dropout;
    @Option(names = "--bins", defaultValue = "6", description = "Angle bins of the error report (default: ${DEFAULT-VALUE}).")
    int bins;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    record Errors(double mse, double maxError) {}

    record Setup(int train, int test, double theta0, double spread, double noise, int epochs, int latent, double dropout,
            double alpha, double beta, double tolerance, int maxSteps, double sigmaKer, double sigmaD) {}

    /** Parts of MPPM alone, same trained model: G(F(x)); Eq. 11 (descent only); the kernel pull only. */
    record Ablation(Errors autoencoder, Errors descentOnly, Errors pullOnly) {}

    record SeedResult(long seed, Errors dae, Errors mppm, Ablation mppmAblation, double[] daeByBin, double[] mppmByBin,
            int[] countByBin, int daeEpochs, int mppmEpochs, double meanMppmIterations) {}

    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--seeds", seeds, 1).atLeast("--train", train, 2).atLeast("--test", test, 1).finite("--theta0", theta0)
                .positive("--spread", spread).positive("--noise", noise).atLeast("--epochs", epochs, 1)
                .atLeast("--patience", patience, 1).flowWeights(alpha, beta).positive("--tolerance", tolerance)
                .atLeast("--max-steps", maxSteps, 1).positive("--sigma-ker", sigmaKer).positive("--sigma-d", sigmaD)
                .atLeast("--latent", latent, 1).halfOpen("--dropout", dropout, 0, 1).atLeast("--bins", bins, 1);
    }

    @Override
    public Integer call() {
        List<SeedResult> runs = new ArrayList<>();
        BufferedImage figure = null;
        for (int k = 0; k < seeds; k++) {
            long seed = options.seed() + k;
            try (NDManager nd = NDManager.newBaseManager()) {
                double[][] clean = halfCircle(train, seed);
                double[] testAngles = new double[test];
                double[][] noisy = testPoints(test, seed, testAngles);
                NDArray cleanArray = nd.create(clean).toType(DataType.FLOAT32, false);
                NDArray x = nd.create(noisy).toType(DataType.FLOAT32, false);
                Progress progress = new Progress(quiet, "seed " + seed);
                long start = System.nanoTime();
                try (Dae dae = Dae.builder().encoder(encoder()).trainingNoise(noise).epochs(epochs).patience(patience).seed(seed)
                                .listener(progress.phase("DAE")).fit(cleanArray);
                        Mppm mppm = mppmBuilder(seed).listener(progress.phase("MPPM")).fit(cleanArray)) {
                    progress.done();
                    long t0 = System.nanoTime();
                    NDArray daeOut = dae.restore(x);
                    try (Projection p = mppm.restoration().alpha(alpha).beta(beta).tolerance(tolerance, maxSteps).build()
                            .project(x)) {
                        System.err.printf(Locale.ROOT, "seed %d: trained in %.1f s; restored in %.1f s%n", seed,
                                (t0 - start) / 1e9, (System.nanoTime() - t0) / 1e9);
                        double[] daeErr = CIRCLE.distance(daeOut.toType(DataType.FLOAT64, false)).toDoubleArray();
                        double[] mppmErr = CIRCLE.distance(p.result().toType(DataType.FLOAT64, false)).toDoubleArray();
                        runs.add(new SeedResult(seed, errors(daeErr), errors(mppmErr), ablation(mppm, x), byBin(daeErr, testAngles),
                                byBin(mppmErr, testAngles), counts(testAngles), dae.history().size(), mppm.history().size(),
                                java.util.Arrays.stream(p.iterations()).average().orElse(0)));
                        if (k == 0) {
                            figure = figure(clean, rows(daeOut), daeErr, rows(p.result()), mppmErr);
                        }
                    }
                }
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("dae", runs.get(0).dae());
        results.put("mppm", runs.get(0).mppm());
        results.put("seeds", runs);
        results.put("binEdges", binEdges());
        results.put("setup", new Setup(train, test, theta0, spread, noise, epochs, latent, dropout, alpha, beta, tolerance,
                maxSteps, sigmaKer, sigmaD));
        ResultsWriter out = new ResultsWriter(options.out());
        out.json(results);
        out.markdown(table(runs));
        out.png("restorations.png", figure);
        System.out.print(table(runs));
        return 0;
    }

    private Ablation ablation(Mppm mppm, NDArray x) {
        Errors autoencoder = errors(CIRCLE.distance(mppm.manifold().project(x).toType(DataType.FLOAT64, false)).toDoubleArray());
        Errors descent;
        try (Projection p = MppmProjector.builder().distance(mppm.distance()).alpha(alpha).tolerance(tolerance, maxSteps)
                .build().project(x)) {
            descent = errors(CIRCLE.distance(p.result().toType(DataType.FLOAT64, false)).toDoubleArray());
        }
        Errors pull;
        IterativeFlow pullOnly = new IterativeFlow(3, List.of(new KernelPull(mppm.manifoldMean()::mean, beta)),
                StoppingRule.tolerance(tolerance, maxSteps), List.of(), false);
        try (Projection p = pullOnly.project(x)) {
            pull = errors(CIRCLE.distance(p.result().toType(DataType.FLOAT64, false)).toDoubleArray());
        }
        return new Ablation(autoencoder, descent, pull);
    }

    private MppmBuilder mppmBuilder(long seed) {
        return Mppm.builder().encoder(encoder()).dropout(dropout).trainingNoise(noise).epochs(epochs).patience(patience).seed(seed).kernel(sigmaKer, sigmaD, 8);
    }

    private int[] encoder() {
        return new int[] {3, 64, 32, 16, latent};
    }

    /** Clean points of the half circle, angles ~ N(theta0, spread^2) truncated to [0, pi]. */
    double[][] halfCircle(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double t;
            do {
                t = theta0 + spread * SeededNoise.gaussian(random);
            } while (t < 0 || t > Math.PI);
            p[i] = new double[] {Math.cos(t), Math.sin(t), 0};
        }
        return p;
    }

    /** Test points: angles uniform over [0, pi] (so sparse regions are probed), plus N(0, noise^2) in all three axes. */
    double[][] testPoints(int n, long seed, double[] anglesOut) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = Math.PI * (i + random.nextDouble()) / n;
            anglesOut[i] = t;
            p[i] = new double[] {Math.cos(t) + noise * SeededNoise.gaussian(random),
                    Math.sin(t) + noise * SeededNoise.gaussian(random), noise * SeededNoise.gaussian(random)};
        }
        return p;
    }

    private static Errors errors(double[] e) {
        double sq = 0;
        double max = 0;
        for (double v : e) {
            sq += v * v;
            max = Math.max(max, v);
        }
        return new Errors(sq / e.length, max);
    }

    private int bin(double angle) {
        return Math.min(bins - 1, (int) (angle / Math.PI * bins));
    }

    private double[] byBin(double[] err, double[] angles) {
        double[] sum = new double[bins];
        int[] c = counts(angles);
        for (int i = 0; i < err.length; i++) {
            sum[bin(angles[i])] += err[i] * err[i];
        }
        for (int b = 0; b < bins; b++) {
            sum[b] = c[b] == 0 ? Double.NaN : sum[b] / c[b];
        }
        return sum;
    }

    private int[] counts(double[] angles) {
        int[] c = new int[bins];
        for (double a : angles) {
            c[bin(a)]++;
        }
        return c;
    }

    private double[] binEdges() {
        double[] e = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            e[b] = Math.PI * b / bins;
        }
        return e;
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
        sb.append("\nMSE by angle bin (first seed; data mode theta0 = ").append(theta0).append(")\n\n| bin (rad) | test points | DAE | MPPM |\n|---|---|---|---|\n");
        SeedResult first = runs.get(0);
        double[] edges = binEdges();
        for (int b = 0; b < bins; b++) {
            sb.append(String.format(Locale.ROOT, "| %.2f-%.2f | %d | %.5f | %.5f |%n", edges[b], edges[b + 1],
                    first.countByBin()[b], first.daeByBin()[b], first.mppmByBin()[b]));
        }
        return sb.toString();
    }

    private static double[][] rows(NDArray x) {
        double[] flat = x.toType(DataType.FLOAT64, false).toDoubleArray();
        int d = (int) x.getShape().get(1);
        double[][] r = new double[flat.length / d][d];
        for (int i = 0; i < r.length; i++) {
            System.arraycopy(flat, i * d, r[i], 0, d);
        }
        return r;
    }

    private static BufferedImage figure(double[][] clean, double[][] dae, double[] daeErr, double[][] mppm, double[] mppmErr) {
        double scale = 0;
        for (double e : daeErr) {
            scale = Math.max(scale, e);
        }
        for (double e : mppmErr) {
            scale = Math.max(scale, e);
        }
        return Figure.sideBySide(panel("DAE: G(F(x))", clean, dae, daeErr, scale),
                panel("MPPM: Algorithm 1", clean, mppm, mppmErr, scale));
    }

    private static BufferedImage panel(String title, double[][] clean, double[][] restored, double[] err, double scale) {
        Figure f = new Figure(600, 640, -1.3, 1.3, -0.3, 1.4).title(title + String.format(Locale.ROOT,
                " (colour: distance to circle, 0 to %.3f)", scale));
        for (int i = 0; i < 180; i++) {
            double a = Math.PI * i / 180;
            double b = Math.PI * (i + 1) / 180;
            f.line(Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b), Color.LIGHT_GRAY, 1.5f);
        }
        for (int i = 0; i < clean.length; i += 4) {
            f.point(clean[i][0], clean[i][1] - 0.15, 1, new Color(150, 190, 150));
        }
        for (int i = 0; i < restored.length; i++) {
            f.point(restored[i][0], restored[i][1], 2.5, heat(err[i] / scale));
        }
        return f.legend("training data (shifted down)", new Color(150, 190, 150)).legend("low error", heat(0))
                .legend("high error", heat(1)).render();
    }

    /** Blue (0) to red (1). */
    private static Color heat(double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) (40 + 215 * u), (int) (60 + 80 * (1 - Math.abs(2 * u - 1))), (int) (230 * (1 - u)));
    }
}
