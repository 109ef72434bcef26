package org.mppm.models.evaluation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The scores of a {@link RestorationEvaluation}: for every degradation (in the evaluation's order)
 * the degraded images' own {@link Score} and every method's (in the methods' order). Immutable.
 */
public final class RestorationResults {
    private final Map<String, Score> degraded;
    private final Map<String, Map<String, Score>> scores;
    private final List<String> methods;

    /**
     * @param degraded the degraded images' scores by degradation
     * @param scores   the methods' scores by degradation, then method; every degradation of
     *                 {@code degraded} with the same methods in the same order
     */
    public RestorationResults(Map<String, Score> degraded, Map<String, Map<String, Score>> scores) {
        Objects.requireNonNull(degraded, "degraded");
        Objects.requireNonNull(scores, "scores");
        if (!List.copyOf(degraded.keySet()).equals(List.copyOf(scores.keySet()))) {
            throw new IllegalArgumentException("degraded scores for " + degraded.keySet() + " but method scores for "
                    + scores.keySet());
        }
        Map<String, Map<String, Score>> copy = new LinkedHashMap<>();
        List<String> names = null;
        for (Map.Entry<String, Map<String, Score>> e : scores.entrySet()) {
            List<String> here = List.copyOf(e.getValue().keySet());
            if (names != null && !names.equals(here)) {
                throw new IllegalArgumentException("degradation " + e.getKey() + " has methods " + here + ", expected " + names);
            }
            names = here;
            copy.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
        }
        this.degraded = Collections.unmodifiableMap(new LinkedHashMap<>(degraded));
        this.scores = Collections.unmodifiableMap(copy);
        this.methods = names == null ? List.of() : names;
    }

    /** The degradations' keys, in order. */
    public List<String> degradations() {
        return List.copyOf(scores.keySet());
    }

    /** The methods' names, in order. */
    public List<String> methods() {
        return methods;
    }

    /** The degraded images' own score (the "degraded" row of the papers' tables). */
    public Score degraded(String degradation) {
        return require(degraded, degradation, "degradation");
    }

    /** Method {@code method}'s score on degradation {@code degradation}. */
    public Score score(String degradation, String method) {
        return require(require(scores, degradation, "degradation"), method, "method");
    }

    /** The scores by degradation, then method, in order (unmodifiable): {@code results.json}'s layout. */
    public Map<String, Map<String, Score>> byDegradation() {
        return scores;
    }

    /** The same results with only these methods, in this order. */
    public RestorationResults only(Collection<String> kept) {
        Map<String, Map<String, Score>> sub = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Score>> e : scores.entrySet()) {
            Map<String, Score> row = new LinkedHashMap<>();
            for (String m : kept) {
                row.put(m, require(e.getValue(), m, "method"));
            }
            sub.put(e.getKey(), row);
        }
        return new RestorationResults(degraded, sub);
    }

    /**
     * The papers' table layout in Markdown: {@code perRow} degradations side by side per block, each
     * with an SSIM and a FID column; a "degraded" row, then one row per method. SSIM with three
     * decimals, FID with {@code fidDecimals}.
     */
    public String markdown(int perRow, int fidDecimals) {
        if (perRow < 1 || fidDecimals < 0) {
            throw new IllegalArgumentException("perRow must be >= 1 and fidDecimals >= 0, got " + perRow + ", " + fidDecimals);
        }
        String cell = " | %.3f | %." + fidDecimals + "f";
        StringBuilder sb = new StringBuilder();
        List<String> keys = new ArrayList<>(scores.keySet());
        for (int i = 0; i < keys.size(); i += perRow) {
            List<String> family = keys.subList(i, Math.min(keys.size(), i + perRow));
            StringBuilder head = new StringBuilder("|");
            StringBuilder rule = new StringBuilder("|---");
            for (String k : family) {
                head.append(" | ").append(k).append(" SSIM | ").append(k).append(" FID");
                rule.append("|---|---");
            }
            sb.append(head).append(" |\n").append(rule).append("|\n");
            sb.append(row("degraded", family, cell, k -> degraded.get(k)));
            for (String m : methods) {
                sb.append(row(m, family, cell, k -> scores.get(k).get(m)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * One score per cell in Markdown: a column per degradation, a "degraded" row, then one row per
     * method; {@code format} formats one value (e.g. {@code "%.3f"}).
     */
    public String markdown(String metric, java.util.function.ToDoubleFunction<Score> value, String format) {
        Objects.requireNonNull(value, "value");
        List<String> keys = new ArrayList<>(scores.keySet());
        StringBuilder sb = new StringBuilder("| ").append(metric);
        StringBuilder rule = new StringBuilder("|---");
        for (String k : keys) {
            sb.append(" | ").append(k);
            rule.append("|---");
        }
        sb.append(" |\n").append(rule).append("|\n");
        String cell = " | " + format;
        sb.append(row("degraded", keys, k -> String.format(Locale.ROOT, cell, value.applyAsDouble(degraded.get(k)))));
        for (String m : methods) {
            sb.append(row(m, keys, k -> String.format(Locale.ROOT, cell, value.applyAsDouble(scores.get(k).get(m)))));
        }
        return sb.toString();
    }

    private static String row(String name, List<String> keys, java.util.function.Function<String, String> cells) {
        StringBuilder sb = new StringBuilder("| ").append(name);
        for (String k : keys) {
            sb.append(cells.apply(k));
        }
        return sb.append(" |\n").toString();
    }

    private static String row(String name, List<String> keys, String cell, java.util.function.Function<String, Score> score) {
        StringBuilder sb = new StringBuilder("| ").append(name);
        for (String k : keys) {
            Score s = score.apply(k);
            sb.append(String.format(Locale.ROOT, cell, s.ssim(), s.fid()));
        }
        return sb.append(" |\n").toString();
    }

    private static <V> V require(Map<String, V> map, String key, String what) {
        V v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + what + " " + key + "; the results have " + map.keySet());
        }
        return v;
    }

    @Override
    public String toString() {
        return "RestorationResults" + scores;
    }
}
