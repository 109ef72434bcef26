package org.mppm.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named scalar terms of a composite loss for one batch, already weighted, and their sum.
 * The arrays belong to the batch's manager.
 */
public final class LossTerms {
    private final Map<String, NDArray> terms = new LinkedHashMap<>();

    /** Smoothing inside {@link #norm}: the gradient of {@code sqrt(|v|^2 + eps)} is finite at 0. */
    public static final double NORM_EPS = 1e-12;

    /** {@code sqrt(|v_i|^2 + eps)} over all of a sample's entries: {@code [B, ...] -> [B]}. */
    public static NDArray norm(NDArray v) {
        return v.square().reshape(v.getShape().get(0), -1).sum(new int[] {1}).add(NORM_EPS).sqrt();
    }

    /**
     * Adds {@code weight * term}. The weight is multiplied as an engine-owned scalar
     * ({@code full}), never through {@code NDArray.mul(Number)}: DJL makes that number a tensor over
     * a Java direct buffer it closes at once, autograd keeps the tensor for the backward pass, and
     * once the garbage collector frees the buffer the gradient is scaled by freed memory (see
     * {@link org.mppm.models.nn.Silu}).
     */
    public LossTerms add(String name, NDArray term, double weight) {
        NDArray w = term.getManager().full(new Shape(), (float) weight, term.getDataType());
        return add(name, term.mul(w));
    }

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
