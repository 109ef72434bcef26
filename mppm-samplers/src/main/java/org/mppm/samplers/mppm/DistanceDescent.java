package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.mppm.core.DistanceField;
import org.mppm.core.Scopes;
import org.mppm.samplers.flow.FlowTerm;

/**
 * The distance-descent term of Eq. 11 / 12 (and Algorithm 2 in latent space):
 * {@code -alpha D(x) grad D(x) / |grad D(x)|}, {@code [B, D] -> [B, D]}. The gradient is normalised
 * because a learned distance only approximately satisfies the Eikonal equation; where the
 * gradient vanishes the term is 0. With an exact distance and alpha = 1 it is Eq. 8: one step
 * lands on the closest point.
 */
public record DistanceDescent(DistanceField field, double alpha) implements FlowTerm {

    @Override
    public NDArray increment(NDArray x) {
        return Scopes.scoped(x, in -> {
            NDList both = field.distanceWithGradient(in);
            NDArray distance = both.get(0).expandDims(1);
            NDArray gradient = both.get(1);
            NDArray norm = gradient.norm(new int[] {1}, true);
            NDArray safe = norm.add(norm.eq(0).toType(norm.getDataType(), false));
            return gradient.div(safe).muli(distance).muli(-alpha);
        });
    }
}
