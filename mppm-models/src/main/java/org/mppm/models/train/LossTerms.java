package org.mppm.models.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named scalar terms of a composite loss for one batch, already weighted, and their sum.
 * The arrays belong to the batch's manager.
 */
public final class LossTerms {
    private final Map<String, NDArray> terms = new LinkedHashMap<>();

    /** Adds a weighted scalar term. */
    public LossTerms add(String name, NDArray weightedTerm) {
        terms.put(name, weightedTerm);
        return this;
    }

    public Map<String, NDArray> terms() {
        return Map.copyOf(terms);
    }

    public NDArray get(String name) {
        NDArray t = terms.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no loss term '" + name + "', have " + terms.keySet());
        }
        return t;
    }

    /** The names in insertion order. */
    public Iterable<String> names() {
        return terms.keySet();
    }

    /** The total loss, the sum of all terms. */
    public NDArray total() {
        NDArray sum = null;
        for (NDArray t : terms.values()) {
            sum = sum == null ? t : sum.add(t);
        }
        if (sum == null) {
            throw new IllegalStateException("a loss needs at least one term");
        }
        return sum;
    }
}
