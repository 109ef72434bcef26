package org.mppm.examples;

import java.util.List;
import java.util.Locale;
import org.mppm.models.evaluation.PointErrors;
import org.mppm.models.mppm.MppmAblation;

/** The markdown table of {@code circle}: errors per seed, the ablation, and errors by angle bin of the first seed. */
final class CircleTable {
    private CircleTable() {}

    /** The table of runs whose test angles were split into {@code bins} bins over [0, pi]. */
    static String of(List<CircleCommand.SeedResult> runs, double theta0, int bins) {
        StringBuilder sb = new StringBuilder("# circle (Figs. 4-5): DAE vs MPPM, error = distance to the true circle\n\n");
        sb.append("| seed | DAE MSE | MPPM MSE | DAE max error | MPPM max error | epochs DAE / MPPM | MPPM mean steps |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (CircleCommand.SeedResult r : runs) {
            sb.append(String.format(Locale.ROOT, "| %d | %.5f | %.5f | %.4f | %.4f | %d / %d | %.1f |%n", r.seed(),
                    r.dae().mse(), r.mppm().mse(), r.dae().maxError(), r.mppm().maxError(), r.daeEpochs(), r.mppmEpochs(),
                    r.meanMppmIterations()));
        }
        sb.append("\nAblation, same MPPM model: G(F(x)); Eq. 11 descent only; kernel pull only\n\n");
        sb.append("| seed | G(F(x)) MSE | G(F(x)) max error | descent only MSE | descent only max error | pull only MSE"
                + " | pull only max error |\n|---|---|---|---|---|---|---|\n");
        for (CircleCommand.SeedResult r : runs) {
            MppmAblation<PointErrors> a = r.mppmAblation();
            sb.append(String.format(Locale.ROOT, "| %d | %.5f | %.4f | %.5f | %.4f | %.5f | %.4f |%n", r.seed(),
                    a.autoencoder().mse(), a.autoencoder().maxError(), a.descentOnly().mse(), a.descentOnly().maxError(),
                    a.pullOnly().mse(), a.pullOnly().maxError()));
        }
        sb.append("\nMSE by angle bin (first seed; data mode theta0 = ").append(theta0).append(")\n\n| bin (rad) | test points | DAE | MPPM |\n|---|---|---|---|\n");
        CircleCommand.SeedResult first = runs.get(0);
        double[] edges = PointErrors.binEdges(0, Math.PI, bins);
        for (int b = 0; b < bins; b++) {
            sb.append(String.format(Locale.ROOT, "| %.2f-%.2f | %d | %.5f | %.5f |%n", edges[b], edges[b + 1],
                    first.countByBin()[b], first.daeByBin()[b], first.mppmByBin()[b]));
        }
        return sb.toString();
    }
}
