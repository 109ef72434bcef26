package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;

/**
 * Runs a computation on {@code x} with every temporary in a sub-manager that is closed at once;
 * only the result is attached to the caller's manager (the manager that owns {@code x}).
 *
 * <p>DJL puts the result of {@code a.op(b)} in the manager of {@code a}: inside {@code fn}, arrays
 * derived from {@code x} must come first in binary operations, so that nothing lands in the
 * long-lived manager of a component's constants.
 */
public final class Scopes {
    private Scopes() {}

    /** {@code fn(x)} with temporaries released; the result belongs to {@code x}'s manager. */
    public static NDArray scoped(NDArray x, Function<NDArray, NDArray> fn) {
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager()) {
            x.tempAttach(scope);
            NDArray result = fn.apply(x);
            result.attach(caller);
            return result;
        }
    }
}
