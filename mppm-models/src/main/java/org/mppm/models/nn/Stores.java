package org.mppm.models.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/** Parameter access without copies: every block reads its own parameter arrays directly. */
public final class Stores {
    private static final ParameterStore DIRECT = new ParameterStore(NDManager.newBaseManager(), false);

    private Stores() {}

    /** The store that hands out each parameter's own array (one device, no replicas). */
    public static ParameterStore direct() {
        return DIRECT;
    }
}
