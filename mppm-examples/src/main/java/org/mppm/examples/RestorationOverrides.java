package org.mppm.examples;

import org.mppm.core.KernelDensity;
import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmRestorer;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.LmppmRestoration;
import picocli.CommandLine.Option;

/**
 * The restoration settings of the restoration experiments (mnist-restore, faces-restore): each
 * model restores with the settings its fit chose on its validation split and saved (LMPPM:
 * sigma_ker, alpha, beta, steps; LDM: the start step t0); each option given replaces that one
 * setting, an option not given leaves the model's.
 */
public final class RestorationOverrides implements OptionChecks.Validated {
    /** T of the LDM in both recipes. */
    private static final int LDM_STEPS = 2000;

    @Option(names = "--steps", description = "Algorithm 2 steps (default: the LMPPM model's, chosen at fit on its validation split).")
    Integer steps;
    @Option(names = "--alpha", description = "Weight of Algorithm 2's distance descent, with --beta (default: the model's).")
    Double alpha;
    @Option(names = "--beta", description = "Weight of Algorithm 2's kernel pull, with --alpha (default: the model's).")
    Double beta;
    @Option(names = "--sigma-ker", description = "sigma_ker of z-bar (Eq. 15) in the model's kernel metric (default: the"
            + " model's, chosen at fit on its validation split).")
    Double sigmaKer;
    @Option(names = "--ldm-start", description = "LDM restoration starts the reverse chain at this step of 2,000 (authors:"
            + " 150-200) (default: the LDM's, chosen at fit on its validation split).")
    Integer ldmStart;

    @Override
    public void validate(OptionChecks check) {
        check.that((alpha == null) == (beta == null), "--alpha and --beta go together (or neither: the model's)");
        if (steps != null) {
            check.atLeast("--steps", steps, 0);
        }
        if (alpha != null && beta != null) {
            check.flowWeights(alpha, beta);
        }
        if (sigmaKer != null) {
            check.positive("--sigma-ker", sigmaKer);
        }
        if (ldmStart != null) {
            check.between("--ldm-start", ldmStart, 1, LDM_STEPS);
        }
    }

    /**
     * z-bar's kernel over the LMPPM model's codes in its metric, at {@code --sigma-ker} or the
     * model's sigma_ker; the caller closes it.
     */
    KernelDensity.Owned kernel(Lmppm lmppm) {
        return lmppm.kernel(sigmaKer != null ? sigmaKer : lmppm.config().kernelBandwidth());
    }

    /**
     * The LMPPM model's saved alpha, beta, steps and variant, with the options given, for
     * {@link Lmppm#restoration(LmppmRestoration)}.
     */
    LmppmRestoration lmppm(Lmppm lmppm) {
        LmppmRestoration chosen = lmppm.config().restoration();
        LmppmRestoration weighted = alpha != null ? chosen.withWeights(alpha, beta) : chosen;
        return steps != null ? weighted.withSteps(steps) : weighted;
    }

    /**
     * The LDM's restorer with the DAE, from the model's start step or {@code --ldm-start}, the
     * chain's noise seeded with {@code seed}.
     */
    LdmRestorer ldm(LatentDiffusion ldm, Dae dae, long seed) {
        LdmRestorer.Builder builder = ldm.restoration(dae).seed(seed);
        return (ldmStart != null ? builder.startStep(ldmStart) : builder).build();
    }
}
