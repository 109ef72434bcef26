package org.mppm.core.geometry;

import ai.djl.ndarray.NDArray;
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
        return Scopes.scoped(x, in -> {
            NDArray diff = in.sub(closestPoint(in));
            NDArray norm = diff.norm(new int[] {1}, true);
            // 0/0 on the manifold: divide by 1 there, where diff is 0 anyway
            NDArray safe = norm.add(norm.eq(0).toType(norm.getDataType(), false));
            return diff.div(safe);
        });
    }
}
