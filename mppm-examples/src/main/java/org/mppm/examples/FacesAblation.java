package org.mppm.examples;

import java.util.Locale;
import java.util.Map;
import org.mppm.models.evaluation.RestorationResults;
import org.mppm.models.evaluation.Score;

/**
 * The ablation of {@code faces-restore} for one degradation: LMPPM's U-Net alone, G(F(x)), and the
 * mean absolute change Algorithm 2 makes to it.
 */
record FacesAblation(double ssim, double fid, double meanChange) {

    /** The markdown ablation table, against the results' {@code lmppm} column. */
    static String table(RestorationResults results, Map<String, FacesAblation> ablation) {
        StringBuilder sb = new StringBuilder("Ablation: LMPPM's U-Net alone, G(F(x)), against Appendix B / Algorithm 2"
                + ", and the mean absolute pixel change Algorithm 2 makes to G(F(x))\n\n"
                + "| degradation | G(F(x)) SSIM | G(F(x)) FID | Algorithm 2 SSIM | Algorithm 2 FID | mean change |\n"
                + "|---|---|---|---|---|---|\n");
        for (String key : results.degradations()) {
            FacesAblation a = ablation.get(key);
            Score b = results.score(key, "lmppm");
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.5f |%n", key, a.ssim(), a.fid(),
                    b.ssim(), b.fid(), a.meanChange()));
        }
        return sb.toString();
    }
}
