package org.mppm.examples;

import org.mppm.core.Manifold;
import org.mppm.core.Restorer;
import org.mppm.models.dae.Dae;
import org.mppm.models.lmppm.LmppmRestoration;
import picocli.CommandLine.Option;

/**
 * The U-Net restoration variants of faces-restore (Appendix B): how LMPPM's Algorithm 2 treats the
 * skips, and the skips' scales of LMPPM and the DAE. The models' own settings and their overrides
 * are {@link RestorationOverrides}.
 */
public final class FacesRestoration implements OptionChecks.Validated {

    @Option(names = "--reencode", description = "Re-encode after every Algorithm 2 step, (S^n, z^n) = F(x^n) (the authors'"
            + " variant of Appendix B); default: the model's (encode once, keep the degraded image's skips).")
    boolean reencode;
    @Option(names = "--skips-follow", description = "Encode once, but decode step n + 1 with the skips moved by the"
            + " restoration's change, G(S(x) + S(x^n) - S(x^1) + S-hat(z^{n+1}), z^{n+1}); default: the model's (the"
            + " degraded image's skips).")
    boolean skipsFollow;
    @Option(names = "--skip-scale", defaultValue = "1", description = "LMPPM restoration decodes with kappa times the"
            + " degraded image's skips, G(kappa S + S-hat(z), z); 0 decodes from z alone (for models trained with"
            + " --skip-dropout; ours, not the paper's) (default: ${DEFAULT-VALUE}).")
    double skipScale;
    @Option(names = "--dae-skip-scale", defaultValue = "1", description = "The same for the DAE's restoration,"
            + " G(kappa S + S-hat(z), z) (default: ${DEFAULT-VALUE}).")
    double daeSkipScale;

    @Override
    public void validate(OptionChecks check) {
        check.that(!(reencode && skipsFollow), "--reencode and --skips-follow exclude each other")
                .nonNegative("--skip-scale", skipScale).nonNegative("--dae-skip-scale", daeSkipScale);
    }

    /** The DAE's restoration, {@code G(kappa S + S-hat(z), z)} with kappa {@code --dae-skip-scale}. */
    Restorer dae(Dae dae) {
        Manifold chart = dae.manifold(daeSkipScale);
        return (x, first) -> chart.project(x);
    }

    /**
     * The LMPPM restoration {@code settings} (the model's, with the user's overrides) with the
     * variant {@code --reencode} or {@code --skips-follow} asks for (the model's otherwise).
     */
    LmppmRestoration variant(LmppmRestoration settings) {
        if (reencode) {
            return settings.withSkipsFollowRestoration(false).withReencodeEachStep(true);
        }
        return skipsFollow ? settings.withReencodeEachStep(false).withSkipsFollowRestoration(true) : settings;
    }
}
