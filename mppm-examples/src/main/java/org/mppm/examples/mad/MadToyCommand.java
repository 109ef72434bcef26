package org.mppm.examples.mad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import org.mppm.core.KarrasSchedule;
import org.mppm.examples.ExperimentOptions;
import org.mppm.examples.OptionChecks;
import org.mppm.examples.ResultsWriter;
import org.mppm.examples.plot.ChartSheet;
import org.mppm.examples.plot.TrajectoryFigure;
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
            for (ToyFamilies.Family family : ToyFamilies.of(manager, options.seed(), samples)) {
                EdmGenerator.Builder edm = EdmGenerator.builder().denoiser(family.mixture()).schedule(schedule).sampleShape(2)
                        .dataType(DataType.FLOAT64);
                double[] data;
                try (NDArray drawn = family.mixture().sample(manager, samples, DataType.FLOAT64, options.seed() + 1)) {
                    data = drawn.toDoubleArray();
                }
                List<JFreeChart> panels = new ArrayList<>();
                double largest = Math.max(0, Arrays.stream(strengths).max().orElse(0));
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
                    rows.add(ToyFamilies.row(family, b, end, schedule));
                    if (b == 0 || b == largest) {
                        String label = b == 0 ? "Euler" : String.format(Locale.ROOT, "MAD a=%.2g b=%.2g", a, b);
                        panels.add(TrajectoryFigure.of(family.extent(), data, path, finals, family.name() + ": " + label));
                    }
                    end.close();
                }
                writer.png("trajectories-" + family.name() + ".png", ChartSheet.row("mad-toy, " + family.name()
                        + ": Euler and MAD sampling paths from the same starts", panels, 520, 540).render());
            }
        }
        writer.json(Map.of("rows", rows));
        writer.markdown(ToyFamilies.table(rows));
        System.out.print(ToyFamilies.table(rows));
        return 0;
    }

    private double[] withEuler() {
        double[] all = new double[strengths.length + 1];
        System.arraycopy(strengths, 0, all, 1, strengths.length);
        return all;
    }
}
