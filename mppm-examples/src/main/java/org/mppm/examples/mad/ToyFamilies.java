package org.mppm.examples.mad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.mixture.GaussianMixture;
import org.mppm.core.mixture.MixtureFamilies;
import org.mppm.models.evaluation.ComponentSpread;

/**
 * The families of {@code mad-toy} (mad.md, experiments 1-2) and their result rows: lines that are
 * Diracs across, thin rotated Gaussians for several across-variances, a radial Gaussian around a circle.
 */
final class ToyFamilies {
    private static final int COMPONENTS = 4;
    private static final double SPREAD = 5;
    private static final double CIRCLE_RADIUS = 3;
    private static final int CIRCLE_COMPONENTS = 64;

    private ToyFamilies() {}

    /** A toy family: the mixture, its data variances (NaN where not defined) and the plot window. */
    record Family(String name, GaussianMixture mixture, boolean radial, double alongVariance, double acrossVariance,
            double extent) {}

    /** The families, seeded; the circle's radial variance measured on {@code samples} draws of {@code seed + 2}. */
    static List<Family> of(NDManager manager, long seed, int samples) {
        List<Family> out = new ArrayList<>();
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

    /** The result row of one run: final samples {@code end} {@code [N, 2]} of the sampler with strength b (0: Euler). */
    static Map<String, Object> row(Family family, double b, NDArray end, KarrasSchedule schedule) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("family", family.name());
        row.put("method", b == 0 ? "euler" : "mad");
        row.put("b", b);
        if (family.radial()) {
            double radial = ComponentSpread.radialVariance(end.toDoubleArray(), 0, 0);
            row.put("acrossVariance", family.acrossVariance());
            row.put("acrossStdRatio", Math.sqrt(radial / family.acrossVariance()));
            row.put("finalAcrossStd", Math.sqrt(radial));
            return row;
        }
        ComponentSpread spread = ComponentSpread.ofNearest(family.mixture(), end, schedule.sigmas()[schedule.steps() - 1]);
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

    /** The markdown table of the rows. */
    static String table(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| family | method | b | along var | across var | along std ratio | across std ratio | final across std |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.get("family"),
                    r.get("method"), fmt("%.2f", r.get("b")), fmt("%.3f", r.get("alongVariance")),
                    fmt("%.2e", r.get("acrossVariance")), fmt("%.3f", r.get("alongStdRatio")), fmt("%.2e", r.get("acrossStdRatio")),
                    fmt("%.2e", r.get("finalAcrossStd"))));
        }
        return sb.toString();
    }

    /**
     * One format per column: what spans decades across the families (the across variance, the across
     * std ratio, the final across std) in scientific notation, b and the along columns with fixed decimals.
     */
    private static String fmt(String format, Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, format, d) : "-";
    }
}
