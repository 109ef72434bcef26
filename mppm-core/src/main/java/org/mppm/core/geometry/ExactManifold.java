package org.mppm.core.geometry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.mppm.core.DistanceField;
import org.mppm.core.Manifold;
import org.mppm.core.Scopes;

/**
 * A manifold whose closest-point map is known in closed form, so that it is also its own exact
 * distance field: {@code D(x) = |x - x*|} (Eq. 1) and {@code grad D(x) = (x - x*) / |x - x*|},
 * a unit vector off the manifold (Eikonal) and 0 on it. These are the oracles the learned parts
 * are tested against.
 */
public interface ExactManifold extends Manifold, DistanceField {

    /** The closest point {@code x* = argmin_{y in M} |x - y|}: {@code [B, D] -> [B, D]}. */
    NDArray closestPoint(NDArray x);

    @Override
    default NDArray project(NDArray x) {
        return closestPoint(x);
    }

    @Override
    default int dimension() {
        return ambientDimension();
    }

    /** {@code |x - x*|}: {@code [B, D] -> [B]}. */
    @Override
    default NDArray distance(NDArray x) {
        return Scopes.scoped(x, in -> in.sub(closestPoint(in)).norm(new int[] {1}));
    }

    /** {@code (x - x*) / |x - x*|}, 0 on the manifold: {@code [B, D] -> [B, D]}. */
    @Override
    default NDArray gradient(NDArray x) {
        NDList both = distanceWithGradient(x);
        both.get(0).close();
        return both.get(1);
    }

    /** Distance and unit gradient from one closest-point evaluation. */
    @Override
    default NDList distanceWithGradient(NDArray x) {
        return towards(x, this::closestPoint);
    }

    /**
     * {@code |x - c(x)|} {@code [B]} and {@code (x - c(x)) / |x - c(x)|} {@code [B, D]} (0 where x = c(x))
     * for a closest-point map c; the pair belongs to x's manager.
     */
    static NDList towards(NDArray x, java.util.function.UnaryOperator<NDArray> closest) {
        return Scopes.scopedList(x, in -> {
            NDArray diff = in.sub(closest.apply(in));
            NDArray norm = diff.norm(new int[] {1}, true);
            // 0/0 on the manifold: divide by 1 there, where diff is 0 anyway
            NDArray gradient = diff.div(norm.add(norm.eq(0).toType(norm.getDataType(), false)));
            return new NDList(norm.squeeze(1), gradient);
        });
    }
}
