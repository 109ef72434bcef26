package org.mppm.examples.smoothing;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mppm.core.image.ImageGrid;
import org.mppm.models.evaluation.SampleMeasures;
import org.mppm.models.evaluation.SampleMeasures.Measures;
import org.mppm.models.nn.LatentSpace;

/** What {@code smoothing-latent} shows of each sampler: measures, figure rows, progress lines and the markdown table. */
final class LatentReport {
    private LatentReport() {}

    /** The settings of a run, as written to results.json. */
    record Setup(int digit, int training, int classCodes, int samples, int scoreDraws, double T, int steps, double smin,
            String grid, int latent, double latentScale, String autoencoder, long seed) {}

    /** Measures, draws ({@code shown} decoded rows) and reports each sampler's codes {@code [M, d]} under its key. */
    record Runs(SampleMeasures distances, LatentSpace latent, Map<String, Measures> measured, ImageGrid.Builder figure,
            int shown) {
        void add(String key, String label, NDArray codes) {
            try (codes) {
                measured.put(key, distances.of(codes));
                figure.row(label, latent.decode(codes.get("0:" + shown)));
                report(key, measured.get(key));
            }
        }
    }

    /** The markdown table: one row per sampler key ({@code name} or {@code name@sigma}). */
    static String of(Map<String, Measures> measured, int digit, int training, int samples, double trainingSpread) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "# smoothing-latent (digit %d, %d training codes, "
                + "%d samples each; mean distances in standardised latent units; spread = mean distance of the samples to "
                + "their mean, %.3f for the training codes)%n%n", digit, training, samples, trainingSpread));
        t.append("| sampler | sigma | to training codes | to class codes | to unseen class codes | nearest class code unseen "
                + "| spread | classified as ").append(digit).append(" |\n|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Measures> e : measured.entrySet()) {
            String[] parts = e.getKey().split("@");
            String sigma = parts.length > 1 ? String.format(Locale.ROOT, "%.2f", Double.parseDouble(parts[1])) : "";
            Measures m = e.getValue();
            t.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.3f | %.3f | %s |%n", parts[0],
                    sigma, m.trainingDistance(), m.classDistance(), m.unseenDistance(),
                    m.novelFraction(), m.spread(), Double.isNaN(m.classifierAgreement()) ? "" : String.format(Locale.ROOT, "%.3f",
                            m.classifierAgreement())));
        }
        return t.toString();
    }

    /** For each smoothed run ({@code smoothed@sigma}), the KDE runs' class distance at its training distance. */
    static Map<String, Object> matchedKde(Map<String, Measures> measured, double[] sigmas) {
        List<Measures> kde = measured.entrySet().stream().filter(e -> e.getKey().startsWith("kde")).map(Map.Entry::getValue).toList();
        Map<String, Object> matched = new LinkedHashMap<>();
        for (double sigma : sigmas) {
            matched.put(key("smoothed", sigma), SampleMeasures.matched(measured.get(key("smoothed", sigma)), kde));
        }
        return matched;
    }

    /** One progress line on standard error. */
    static void report(String key, Measures m) {
        System.err.printf(Locale.ROOT, "%-16s to training %.4f, to class %.4f, to unseen %.4f, novel %.3f, spread %.3f, "
                + "agreement %.3f%n", key, m.trainingDistance(), m.classDistance(), m.unseenDistance(), m.novelFraction(),
                m.spread(), m.classifierAgreement());
    }

    /** {@code sampler@sigma}, sigma without trailing zeros. */
    static String key(String sampler, double sigma) {
        return sampler + "@" + java.math.BigDecimal.valueOf(sigma).stripTrailingZeros().toPlainString();
    }
}
