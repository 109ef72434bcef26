package org.mppm.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a computation on NDArrays inside a sub-manager that is closed when it returns: every
 * temporary dies with the call, the result is attached to the manager of the first input.
 *
 * <p>The inputs are temporarily attached to the sub-manager (and given back to their own managers
 * on return), so results of binary operations, which DJL gives to the first operand's manager,
 * also land in the sub-manager.
 */
public final class NDScope {
    private NDScope() {}

    /**
     * Applies {@code body} in a fresh sub-manager of {@code inputs[0]}'s manager and returns its
     * result attached to that manager.
     */
    public static NDArray compute(Function<NDManager, NDArray> body, NDArray... inputs) {
        NDManager owner = inputs[0].getManager();
        try (NDManager sub = owner.newSubManager()) {
            sub.tempAttachAll(distinct(inputs));
            NDArray out = body.apply(sub);
            out.attach(owner);
            return out;
        }
    }

    /** Like {@link #compute} for a host result (a number or Java array): nothing stays attached. */
    public static <T> T host(Function<NDManager, T> body, NDArray... inputs) {
        NDManager owner = inputs[0].getManager();
        try (NDManager sub = owner.newSubManager()) {
            sub.tempAttachAll(distinct(inputs));
            return body.apply(sub);
        }
    }

    /** Each array once: attaching the same array twice would hand it back to the closed sub-manager. */
    private static NDArray[] distinct(NDArray... inputs) {
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (NDArray a : inputs) {
            seen.add(a);
        }
        return seen.toArray(new NDArray[0]);
    }
}
