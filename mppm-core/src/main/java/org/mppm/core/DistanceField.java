package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A distance to a manifold or a set, {@code D_M(x) = min_{y in M} |x - y|} (Eq. 1), and its
 * gradient. For an exact distance the gradient is a unit vector off the manifold (the Eikonal
 * equation {@code |grad D| = 1}) pointing away from the closest point; a learned distance only
 * approximates this, so flows normalise it (Eq. 11).
 *
 * <p>Results are owned by the manager of the input array.
 */
public interface DistanceField {

    /** Dimension of the space the field lives in. */
    int dimension();

    /** The distance {@code [B, D] -> [B]}. */
    NDArray distance(NDArray x);

    /** The gradient {@code grad_x D(x)}: {@code [B, D] -> [B, D]}. */
    NDArray gradient(NDArray x);

    /**
     * The distance {@code [B]} and the gradient {@code [B, D]} together, for flows that need both;
     * implementations override it when the two share work (one forward pass, one closest point).
     */
    default NDList distanceWithGradient(NDArray x) {
        return new NDList(distance(x), gradient(x));
    }
}
