package org.mppm.examples.smoothing;

import org.mppm.core.KarrasSchedule;
import org.mppm.examples.OptionChecks;
import org.mppm.samplers.smoothing.TimeGrid;
import picocli.CommandLine.Option;

/** The reverse SDE's time grid of {@code smoothing-latent}: {@code --T}, {@code --steps}, {@code --smin}, {@code --grid}. */
public final class LatentGridOptions implements OptionChecks.Validated {
    @Option(names = "--T", defaultValue = "9", description = "Final diffusion time (paper: sigma_max 3) (default: ${DEFAULT-VALUE}).")
    double tMax;
    @Option(names = "--steps", defaultValue = "100") int steps;
    @Option(names = "--smin", defaultValue = "1e-3") double sMin;
    @Option(names = "--grid", defaultValue = "geometric", description = "Time grid: geometric (the paper's) or edm"
            + " (Karras levels, rho 7) (default: ${DEFAULT-VALUE}).")
    String gridKind;

    @Override
    public void validate(OptionChecks check) {
        check.positive("--T", tMax).atLeast("--steps", steps, 2)
                .positive("--smin", sMin).that(sMin * sMin < tMax, "--smin squared must be < --T, got " + sMin + " and " + tMax)
                .that(gridKind.equals("geometric") || gridKind.equals("edm"), "--grid must be geometric or edm, got '" + gridKind + "'");
    }

    /** The grid, ending at time 0: geometric from {@code smin^2} to T, or the Karras levels (rho 7) from smin to sqrt(T). */
    public TimeGrid grid() {
        return switch (gridKind) {
            case "geometric" -> TimeGrid.geometric(sMin * sMin, tMax, steps).withZero();
            case "edm" -> TimeGrid.edm(new KarrasSchedule(steps, sMin, Math.sqrt(tMax), 7)).withZero();
            default -> throw new IllegalArgumentException("--grid must be geometric or edm, got '" + gridKind + "'");
        };
    }
}
