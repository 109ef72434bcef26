package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.mppm.core.Projection;
import org.mppm.core.Projector;
import org.mppm.core.SeededNoise;
import org.mppm.core.density.ManifoldMean;
import org.mppm.core.geometry.Sphere;
import org.mppm.examples.plot.CircleTrajectories;
import org.mppm.samplers.mppm.MppmProjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fig. 4 of the MPPM paper with exact geometry: the unit circle in the xy-plane of R^3, data
 * angles ~ N(theta0, s^2); noisy points are projected by Eq. 11 (distance descent only) and by
 * Eq. 12 (plus the kernel pull towards G-bar), with the exact distance and the Monte-Carlo G-bar.
 */
@Command(name = "circle-exact", mixinStandardHelpOptions = true,
        description = "Fig. 4 with exact geometry: Eq. 11 vs Eq. 12 on the unit circle in R^3.")
public final class CircleExactCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final double THETA0 = Math.PI / 2;

    @Mixin ExperimentOptions options;
    @Option(names = "--points", defaultValue = "40", description = "Noisy points to project (default: ${DEFAULT-VALUE}).")
    int points;
    @Option(names = "--codes", defaultValue = "300", description = "Data samples on the circle (default: ${DEFAULT-VALUE}).")
    int codes;
    @Option(names = "--spread", defaultValue = "0.35", description = "Std of the data angles s (default: ${DEFAULT-VALUE}).")
    double spread;
    @Option(names = "--noise", defaultValue = "0.3", description = "Std of the noise off the circle (default: ${DEFAULT-VALUE}).")
    double noise;
    @Option(names = "--alpha", defaultValue = "0.15") double alpha;
    @Option(names = "--beta", defaultValue = "0.1") double beta;
    @Option(names = "--sigma-ker", defaultValue = "0.1", description = "Kernel bandwidth in angle (default: ${DEFAULT-VALUE}).")
    double sigmaKer;
    @Option(names = "--sigma-d", defaultValue = "0.3", description = "sigma_d of Eq. 3 (default: ${DEFAULT-VALUE}).")
    double sigmaD;
    @Option(names = "--mc-samples", defaultValue = "8", description = "Samples per code in Eq. 19-20 (default: ${DEFAULT-VALUE}).")
    int mcSamples;
    @Option(names = "--tolerance", defaultValue = "0.005") double tolerance;
    @Option(names = "--max-steps", defaultValue = "60") int maxSteps;

    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--points", points, 1).atLeast("--codes", codes, 2).positive("--spread", spread)
                .nonNegative("--noise", noise).flowWeights(alpha, beta).positive("--sigma-ker", sigmaKer)
                .positive("--sigma-d", sigmaD).atLeast("--mc-samples", mcSamples, 1).positive("--tolerance", tolerance)
                .atLeast("--max-steps", maxSteps, 1);
    }

    @Override
    public Integer call() {
        Sphere circle = Sphere.unitCircleXY();
        SplittableRandom random = new SplittableRandom(options.seed());
        double[][] data = new double[codes][1];
        for (double[] c : data) {
            c[0] = THETA0 + spread * SeededNoise.gaussian(random);
        }
        double[][] starts = new double[points][3];
        for (int i = 0; i < points; i++) {
            double side = i % 2 == 0 ? 1 : -1;
            double theta = THETA0 + side * (0.4 + 1.0 * random.nextDouble());
            double r = 1 + noise * SeededNoise.gaussian(random);
            starts[i] = new double[] {r * Math.cos(theta), r * Math.sin(theta), noise * SeededNoise.gaussian(random)};
        }
        try (NDManager nd = NDManager.newBaseManager();
                ManifoldMean gbar = ManifoldMean.of(circle, nd.create(data), sigmaKer, sigmaD, mcSamples, options.seed())) {
            NDArray x = nd.create(starts);
            Projector eq11 = MppmProjector.builder().distance(circle).alpha(alpha)
                    .tolerance(tolerance, maxSteps).recordTrajectory(true).build();
            Projector eq12 = MppmProjector.builder().distance(circle).pullTowards(gbar::mean).alpha(alpha).beta(beta)
                    .tolerance(tolerance, maxSteps).recordTrajectory(true).build();
            double[] closest = circle.chart(x).toDoubleArray();
            try (Projection p11 = eq11.project(x); Projection p12 = eq12.project(x)) {
                Map<String, Object> results = new LinkedHashMap<>();
                results.put("eq11", summary(circle, p11, closest));
                results.put("eq12", summary(circle, p12, closest));
                results.put("setup", new Setup(THETA0, spread, noise, points, codes, alpha, beta, sigmaKer, sigmaD, mcSamples,
                        tolerance, maxSteps, options.seed()));
                ResultsWriter out = new ResultsWriter(options.out());
                out.json(results);
                out.markdown(table(results));
                out.png("trajectories.png", CircleTrajectories.of(data, THETA0, p11.trajectory().orElseThrow(),
                        p12.trajectory().orElseThrow()).createBufferedImage(760, 720));
                System.out.println(new com.google.gson.Gson().toJson(Map.of("eq11", results.get("eq11"), "eq12", results.get("eq12"))));
                System.err.println("wrote " + out.dir().toAbsolutePath());
            }
        }
        return 0;
    }

    /** The parameters of a run, recorded next to its results. */
    record Setup(double theta0, double spread, double noise, int points, int codes, double alpha, double beta,
            double sigmaKer, double sigmaD, int mcSamplesPerCode, double tolerance, int maxSteps, long seed) {}

    /** Mean final distance; mean angle moved towards theta0 relative to the closest point (radians). */
    private static Map<String, Object> summary(Sphere circle, Projection p, double[] closest) {
        double[] distance = circle.distance(p.result()).toDoubleArray();
        double[] end = circle.chart(p.result()).toDoubleArray();
        double shift = 0;
        double meanDistance = 0;
        for (int i = 0; i < end.length; i++) {
            shift += Math.signum(THETA0 - closest[i]) * (end[i] - closest[i]);
            meanDistance += distance[i];
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meanDistance", meanDistance / end.length);
        m.put("meanShiftTowardsMode", shift / end.length);
        m.put("meanIterations", java.util.Arrays.stream(p.iterations()).average().orElse(0));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static String table(Map<String, Object> results) {
        StringBuilder sb = new StringBuilder("# circle-exact (Fig. 4, exact geometry)\n\n");
        sb.append("| flow | mean distance to circle | mean shift towards mode (rad) | mean iterations |\n");
        sb.append("|---|---|---|---|\n");
        for (String k : new String[] {"eq11", "eq12"}) {
            Map<String, Object> m = (Map<String, Object>) results.get(k);
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.1f |%n", k.equals("eq11") ? "Eq. 11" : "Eq. 12",
                    m.get("meanDistance"), m.get("meanShiftTowardsMode"), m.get("meanIterations")));
        }
        return sb.toString();
    }
}
