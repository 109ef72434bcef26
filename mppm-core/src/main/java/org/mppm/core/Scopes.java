package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs a computation with every temporary in a sub-manager that is closed when it returns; only the
 * result is attached to the caller's manager (the manager of the first input).
 *
 * <p>Ownership: a scope never attaches, temporarily or for good, an array it did not create. The
 * computation receives <em>aliases</em> of its inputs (views of the same storage, owned by the
 * scope), so the results of operations on them, which DJL gives to the first operand's manager,
 * land in the scope, while the inputs themselves keep their manager. This is what makes a call safe
 * when many threads pass the same input array, or when the inputs are a model's parameters: no
 * call ever moves, frees or re-parents them. Inside the computation, use the aliases, and keep them
 * (or arrays derived from them) as the first operand of binary operations.
 *
 * <p>A result that is an alias itself is copied before it leaves the scope, so a result never
 * shares the caller's input object. Thread-safe: a scope is confined to the calling thread.
 */
public final class Scopes {
    private Scopes() {}

    /**
     * A view of {@code x} owned by {@code scope}: same storage, same shape and type; closing the
     * scope frees the view, never x. Operations on the view put their results in {@code scope}.
     */
    public static NDArray alias(NDArray x, NDManager scope) {
        NDArray view = x.reshape(x.getShape());
        view.attach(scope);
        return view;
    }

    /** {@code fn(x)} with temporaries released; the result belongs to {@code x}'s manager. */
    public static NDArray scoped(NDArray x, Function<NDArray, NDArray> fn) {
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray in = alias(x, scope);
            return keep(fn.apply(in), caller, in);
        }
    }

    /** {@code fn(x, y)} with temporaries released; the result belongs to {@code x}'s manager. */
    public static NDArray scoped(NDArray x, NDArray y, BiFunction<NDArray, NDArray, NDArray> fn) {
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray a = alias(x, scope);
            NDArray b = alias(y, scope);
            return keep(fn.apply(a, b), caller, a, b);
        }
    }

    /**
     * {@code fn(inputs)} on aliases of every input (null entries stay null) with temporaries
     * released; the result belongs to the first input's manager.
     */
    public static NDArray scoped(NDList inputs, Function<NDList, NDArray> fn) {
        NDManager caller = inputs.get(0).getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDList in = aliases(inputs, scope);
            return keep(fn.apply(in), caller, in.toArray(new NDArray[0]));
        }
    }

    /** {@code fn(x)} returning several arrays; all of them belong to {@code x}'s manager. */
    public static NDList scopedList(NDArray x, Function<NDArray, NDList> fn) {
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager()) {
            NDArray in = alias(x, scope);
            NDList out = fn.apply(in);
            NDList kept = new NDList(out.size());
            for (NDArray a : out) {
                kept.add(a == in ? a.duplicate() : a);
            }
            kept.attach(caller);
            return kept;
        }
    }

    /** {@code fn(x)} for a host result (a number or a Java array): no array outlives the call. */
    public static <T> T host(NDArray x, Function<NDArray, T> fn) {
        try (NDManager scope = x.getManager().newSubManager()) {
            return fn.apply(alias(x, scope));
        }
    }

    /** {@code fn(x, y)} for a host result: no array outlives the call. */
    public static <T> T host(NDArray x, NDArray y, BiFunction<NDArray, NDArray, T> fn) {
        try (NDManager scope = x.getManager().newSubManager()) {
            return fn.apply(alias(x, scope), alias(y, scope));
        }
    }

    private static NDList aliases(NDList inputs, NDManager scope) {
        NDList in = new NDList(inputs.size());
        for (NDArray a : inputs) {
            in.add(a == null ? null : alias(a, scope));
        }
        return in;
    }

    private static NDArray keep(NDArray out, NDManager caller, NDArray... aliases) {
        for (NDArray a : aliases) {
            if (out == a) {
                out = a.duplicate();
                break;
            }
        }
        out.attach(caller);
        return out;
    }
}
