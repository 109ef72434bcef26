package org.mppm.examples;

import org.mppm.core.Manifold;
import org.mppm.core.Restorer;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.recipes.KernelBandwidth;
import picocli.CommandLine.Option;

/** The restoration settings of faces-restore: Algorithm 2 / Appendix B for LMPPM, the skips' scales, the LDM's start. */
public final class FacesRestoration implements OptionChecks.Validated {

    @Option(names = "--steps", defaultValue = "16", description = "Algorithm 2 steps (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--alpha", defaultValue = "0.15") double alpha;
    @Option(names = "--beta", defaultValue = "0.1") double beta;
    @Option(names = "--sigma-ker", defaultValue = "0", description = "sigma_ker of z-bar (Eq. 15) on the latent norm; the"
            + " paper gives none. 0: from the codes, by --kernel-perplexity (default: ${DEFAULT-VALUE}).")
    double sigmaKer;
    @Option(names = "--kernel-perplexity", defaultValue = "5", description = "With --sigma-ker 0: the bandwidth at which a"
            + " training code's leave-one-out kernel weights have this perplexity on average (z-bar averages about this"
            + " many codes); 0: the median nearest-neighbour distance instead, which in 128-d averages over most codes"
            + " (default: ${DEFAULT-VALUE}).")
    double kernelPerplexity;
    @Option(names = "--reencode", description = "Re-encode after every Algorithm 2 step, (S^n, z^n) = F(x^n) (the authors'"
            + " variant of Appendix B); default: encode once, keep the degraded image's skips.")
    boolean reencode;
    @Option(names = "--skips-follow", description = "Encode once, but decode step n + 1 with the skips moved by the"
            + " restoration's change, G(S(x) + S(x^n) - S(x^1) + S-hat(z^{n+1}), z^{n+1}); default: the degraded image's skips.")
    boolean skipsFollow;
    @Option(names = "--skip-scale", defaultValue = "1", description = "LMPPM restoration decodes with kappa times the"
            + " degraded image's skips, G(kappa S + S-hat(z), z); 0 decodes from z alone (for models trained with"
            + " --skip-dropout; ours, not the paper's) (default: ${DEFAULT-VALUE}).")
    double skipScale;
    @Option(names = "--dae-skip-scale", defaultValue = "1", description = "The same for the DAE's restoration,"
            + " G(kappa S + S-hat(z), z) (default: ${DEFAULT-VALUE}).")
    double daeSkipScale;
    @Option(names = "--ldm-start", defaultValue = "200", description = "LDM restoration starts the reverse chain at this"
            + " step of 2,000 (authors: 150-200) (default: ${DEFAULT-VALUE}).")
    int ldmStart;
    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--steps", steps, 0).flowWeights(alpha, beta).nonNegative("--sigma-ker", sigmaKer)
                .that(kernelPerplexity == 0 || kernelPerplexity >= 1 && Double.isFinite(kernelPerplexity),
                        "--kernel-perplexity must be 0 or a finite number >= 1, got " + kernelPerplexity)
                .that(!(reencode && skipsFollow), "--reencode and --skips-follow exclude each other")
                .nonNegative("--skip-scale", skipScale).nonNegative("--dae-skip-scale", daeSkipScale)
                .between("--ldm-start", ldmStart, 1, 2000);
    }

    /** {@code --sigma-ker}; when it is 0, from the training codes ({@link KernelBandwidth}, perplexity {@code --kernel-perplexity}). */
    double bandwidth(Lmppm lmppm, long seed) {
        if (sigmaKer < 0) {
            throw new IllegalArgumentException("--sigma-ker must be >= 0 (0: from the codes), got " + sigmaKer);
        }
        return sigmaKer > 0 ? sigmaKer : KernelBandwidth.fromCodes(lmppm.codes(), kernelPerplexity, seed);
    }

    /** The DAE's restoration, {@code G(kappa S + S-hat(z), z)} with kappa {@code --dae-skip-scale}. */
    Restorer dae(Dae dae) {
        Manifold chart = dae.manifold(daeSkipScale);
        return (x, first) -> chart.project(x);
    }

    /** The LDM's restoration from step {@code --ldm-start}. */
    Restorer ldm(LatentDiffusion ldm, Dae dae, long seed) {
        return ldm.restoration(dae).startStep(ldmStart).seed(seed).build();
    }

    /** Appendix B: Algorithm 2 on z with these settings, decoded through {@code chart}. */
    Restorer lmppm(Lmppm lmppm, Manifold chart, GaussianKernelDensity kernel) {
        return lmppm.restoration().autoencoder(chart).kernel(kernel).alpha(alpha).beta(beta).steps(steps)
                .reencodeEachStep(reencode).skipsFollowRestoration(skipsFollow).build();
    }
}
