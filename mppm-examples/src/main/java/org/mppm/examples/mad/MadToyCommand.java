package org.mppm.examples.mad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.mixture.GaussianMixture;
import org.mppm.core.mixture.MixtureFamilies;
import org.mppm.examples.ExperimentOptions;
import org.mppm.examples.OptionChecks;
import org.mppm.examples.ResultsWriter;
import org.mppm.examples.plot.Figure;
import org.mppm.examples.plot.TrajectoryFigure;
import org.mppm.models.evaluation.ComponentSpread;
import org.mppm.samplers.edm.EdmGenerator;
import org.mppm.samplers.edm.EulerStep;
import org.mppm.samplers.edm.MadStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mad-toy}: MAD's 2-D experiments 1-2 (mad.md) on exact Gaussian-mixture denoisers. For each
 * family (lines that are Diracs across, thin rotated Gaussians {@code R diag(1, v) R^T} for several
 * v, a radial Gaussian around a circle) it samples with EDM Euler and with MAD for each b, from the
 * same seeded initial noise, and measures the final spread along and across each component's
 * principal direction (points assigned to the most probable component at sigma_min).
 *
 * <p>Writes {@code results.json} {@code {"rows": [{"family", "method", "b", "alongVariance",
 * "acrossVariance", "alongStdRatio", "acrossStdRatio", "finalAlongStd", "finalAcrossStd"}, ...]}}
 * (variances are the data's; ratios are final std over data std; a ratio is left out where the
 * data variance is 0, and along-fields for the circle, where "across" is the radius), {@code table.md},
 * and one PNG of trajectories per family (Euler and MAD side by side, like the paper's Figs. 1-2).
 */
@Command(name = "mad-toy", mixinStandardHelpOptions = true,
        description = "MAD on 2-D Gaussian mixtures (exact denoisers): Euler vs MAD spread along/across components.")
public final class MadToyCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final int COMPONENTS = 4;
    private static final double SPREAD = 5;
    private static final double CIRCLE_RADIUS = 3;
    private static final int CIRCLE_COMPONENTS = 64;

    @Mixin ExperimentOptions options;

    @Option(names = "--samples", defaultValue = "4000", description = "Samples per run (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--steps", defaultValue = "40", description = "EDM levels N (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--a", defaultValue = "1.5", description = "MAD exponent a (default: ${DEFAULT-VALUE}).")
    double a;
    @Option(names = "--b", split = ",", defaultValue = "0.5,1,2",
            description = "MAD strengths b, comma-separated; the figure uses the largest (default: ${DEFAULT-VALUE}).")
    double[] strengths;
    @Option(names = "--trajectories", defaultValue = "60", description = "Trajectories drawn per panel (default: ${DEFAULT-VALUE}).")
    int trajectories;

    /** A toy family: the mixture, its data variances (NaN where not defined) and the plot window. */
    private record Family(String name, GaussianMixture mixture, boolean radial, double alongVariance,
            double acrossVariance, double extent) {}

    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--samples", samples, 2).atLeast("--steps", steps, 2).positive("--a", a)
                .that(strengths.length > 0 && Arrays.stream(strengths).allMatch(b -> b >= 0 && Double.isFinite(b)),
                        "--b values must be finite numbers >= 0, got " + Arrays.toString(strengths))
                .between("--trajectories", trajectories, 0, samples);
    }

    @Override
    public Integer call() {
        for (double b : strengths) {
            if (!(b > 0) || !Double.isFinite(b)) {
                throw new IllegalArgumentException("--b values must be finite and > 0 (Euler is the b = 0 run), got " + b);
            }
        }
        ResultsWriter writer = new ResultsWriter(options.out());
        KarrasSchedule schedule = KarrasSchedule.edm(steps);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Family family : families(manager)) {
                EdmGenerator.Builder edm = EdmGenerator.builder().denoiser(family.mixture()).schedule(schedule).sampleShape(2)
                        .dataType(DataType.FLOAT64);
                double[] data;
                try (NDArray drawn = family.mixture().sample(manager, samples, DataType.FLOAT64, options.seed() + 1)) {
                    data = drawn.toDoubleArray();
                }
                List<BufferedImage> panels = new ArrayList<>();
                double largest = 0;
                for (double b : strengths) {
                    largest = Math.max(largest, b);
                }
                for (double b : withEuler()) {
                    EdmGenerator sampler = edm.rule(b == 0 ? EulerStep.instance() : MadStep.of(a, b)).build();
                    List<double[]> path = new ArrayList<>();
                    int shown = Math.min(trajectories, samples);
                    if (shown > 0) { // the paths of the first samples, watched step by step
                        try (NDArray x0 = sampler.initialNoise(manager, options.seed(), 0, shown)) {
                            path.add(x0.toDoubleArray());
                        }
                        sampler.sampleRows(manager, options.seed(), 0, shown, (step, state, active) -> path.add(state.toDoubleArray()))
                                .close();
                    }
                    NDArray end = sampler.sample(manager, samples, options.seed());
                    double[] finals = end.toDoubleArray();
                    rows.add(row(family, b, finals, end, schedule, data));
                    if (b == 0 || b == largest) {
                        String label = b == 0 ? "Euler" : String.format(Locale.ROOT, "MAD a=%.2g b=%.2g", a, b);
                        panels.add(TrajectoryFigure.of(family.extent(), data, path, finals, family.name() + ": " + label));
                    }
                    end.close();
                }
                writer.png("trajectories-" + family.name() + ".png",
                        Figure.sideBySide(panels.toArray(new BufferedImage[0])));
            }
        }
        writer.json(Map.of("rows", rows));
        writer.markdown(table(rows));
        System.out.print(table(rows));
        return 0;
    }

    private double[] withEuler() {
        double[] all = new double[strengths.length + 1];
        System.arraycopy(strengths, 0, all, 1, strengths.length);
        return all;
    }

    private List<Family> families(NDManager manager) {
        List<Family> out = new ArrayList<>();
        long seed = options.seed();
        out.add(new Family("dirac-lines", MixtureFamilies.lines(COMPONENTS, 1, 0, SPREAD, seed), false, 1, 0, 8.5));
        for (double across : new double[] {0.1, 0.01, 0.001}) {
            out.add(new Family("thin-" + across, MixtureFamilies.lines(COMPONENTS, 1, across, SPREAD, seed), false, 1,
                    across, 8.5));
        }
        GaussianMixture ring = MixtureFamilies.circle(0, 0, CIRCLE_RADIUS, 0.01, CIRCLE_COMPONENTS);
        double ringVariance;
        try (NDArray drawn = ring.sample(manager, samples, DataType.FLOAT64, seed + 2)) {
            ringVariance = ComponentSpread.radialVariance(drawn.toDoubleArray(), 0, 0);
        }
        out.add(new Family("circle", ring, true, Double.NaN, ringVariance, 4.5));
        return out;
    }

    private static Map<String, Object> row(Family family, double b, double[] finals, NDArray end, KarrasSchedule schedule,
            double[] data) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("family", family.name());
        row.put("method", b == 0 ? "euler" : "mad");
        row.put("b", b);
        if (family.radial()) {
            double radial = ComponentSpread.radialVariance(finals, 0, 0);
            row.put("acrossVariance", family.acrossVariance());
            row.put("acrossStdRatio", Math.sqrt(radial / family.acrossVariance()));
            row.put("finalAcrossStd", Math.sqrt(radial));
            return row;
        }
        double sigmaMin = schedule.sigmas()[schedule.steps() - 1];
        long[] assignment;
        try (NDArray r = family.mixture().responsibilities(end, sigmaMin); NDArray best = r.argMax(1)) {
            assignment = best.toLongArray();
        }
        ComponentSpread spread = ComponentSpread.of(family.mixture(), finals, assignment);
        row.put("alongVariance", family.alongVariance());
        row.put("acrossVariance", family.acrossVariance());
        row.put("alongStdRatio", Math.sqrt(spread.alongVariance() / family.alongVariance()));
        if (family.acrossVariance() > 0) {
            row.put("acrossStdRatio", Math.sqrt(spread.acrossVariance() / family.acrossVariance()));
        }
        row.put("finalAlongStd", Math.sqrt(spread.alongVariance()));
        row.put("finalAcrossStd", Math.sqrt(spread.acrossVariance()));
        return row;
    }

    private static String table(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| family | method | b | along var | across var | along std ratio | across std ratio | final across std |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.get("family"),
                    r.get("method"), fmt(r.get("b")), fmt(r.get("alongVariance")), fmt(r.get("acrossVariance")),
                    fmt(r.get("alongStdRatio")), fmt(r.get("acrossStdRatio")), fmt(r.get("finalAcrossStd"))));
        }
        return sb.toString();
    }

    private static String fmt(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : "-";
    }
}
