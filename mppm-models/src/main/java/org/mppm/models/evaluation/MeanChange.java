package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RestorationObserver} measuring how far two methods' restorations are apart, per
 * degradation: {@code mean |R_a(y) - R_b(y)|} over every image and pixel of {@code [N, C, H, W]}
 * (e.g. the change an iterative method makes to its starting projection). Method {@code a} must be
 * evaluated before method {@code b}. Not thread-safe: one evaluation at a time.
 */
public final class MeanChange implements RestorationObserver {
    private final String a;
    private final String b;
    private final Map<String, Double> byDegradation = new LinkedHashMap<>();
    private NDArray first;

    /** Between methods {@code a} and {@code b}, as named in the evaluation. */
    public MeanChange(String a, String b) {
        this.a = Objects.requireNonNull(a, "a");
        this.b = Objects.requireNonNull(b, "b");
        if (a.equals(b)) {
            throw new IllegalArgumentException("the two methods must differ, got '" + a + "' twice");
        }
    }

    @Override
    public void restored(String degradation, String method, NDArray restored) {
        if (method.equals(a)) {
            first = restored;
        } else if (method.equals(b)) {
            if (first == null) {
                throw new IllegalStateException("method '" + a + "' must be evaluated before '" + b + "'");
            }
            try (NDArray d = first.sub(restored); NDArray abs = d.abs(); NDArray mean = abs.mean()) {
                byDegradation.put(degradation, (double) mean.getFloat());
            }
            first = null;
        }
    }

    /** The mean absolute change by degradation, in evaluation order (read-only view). */
    public Map<String, Double> byDegradation() {
        return Collections.unmodifiableMap(byDegradation);
    }
}
