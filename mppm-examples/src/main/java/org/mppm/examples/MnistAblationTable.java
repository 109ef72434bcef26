package org.mppm.examples;

import java.util.Locale;
import org.mppm.models.evaluation.RestorationResults;
import org.mppm.models.evaluation.Score;

/** The ablation table of {@code mnist-restore}: G(F(x)), Algorithm 2, Algorithm 2 with the authors' ramp (SSIM / FID). */
final class MnistAblationTable {
    private MnistAblationTable() {}

    /** The table of results holding the methods {@code lmppmAutoencoder}, {@code lmppm} and {@code lmppmAuthorsRamp}. */
    static String of(RestorationResults results) {
        StringBuilder sb = new StringBuilder("Ablation: LMPPM's autoencoder alone, G(F(x)); Algorithm 2 as in the"
                + " paper (fixed alpha, beta); Algorithm 2 with the authors' ramped steps (8 steps, lam 0.65 to 0.9)\n\n");
        sb.append("| degradation | G(F(x)) SSIM | G(F(x)) FID | Algorithm 2 SSIM | Algorithm 2 FID | authors' ramp SSIM"
                + " | authors' ramp FID |\n|---|---|---|---|---|---|---|\n");
        for (String key : results.degradations()) {
            Score plain = results.score(key, "lmppmAutoencoder");
            Score alg2 = results.score(key, "lmppm");
            Score ramp = results.score(key, "lmppmAuthorsRamp");
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.2f | %.3f | %.2f | %.3f | %.2f |%n", key, plain.ssim(),
                    plain.fid(), alg2.ssim(), alg2.fid(), ramp.ssim(), ramp.fid()));
        }
        return sb.toString();
    }
}
