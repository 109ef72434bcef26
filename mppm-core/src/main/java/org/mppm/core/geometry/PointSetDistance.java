package org.mppm.core.geometry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.mppm.core.Checks;
import org.mppm.core.CloseGuard;
import org.mppm.core.DistanceField;
import org.mppm.core.Scopes;

/**
 * The exact distance to a finite set S {@code [N, d]}: {@code D_S(z) = min_a |z - s_a|} with
 * gradient {@code (z - s*) / |z - s*|}, s* the nearest element (the oracle for a learned latent
 * distance, Section 4.2). Batched: one {@code [B, N]} distance matrix per call; owns a copy of S.
 */
public final class PointSetDistance implements DistanceField, AutoCloseable {
    private final NDManager manager;
    private final CloseGuard guard = new CloseGuard("point-set distance");
    private final NDArray points;
    private final NDArray pointsT;
    private final NDArray squaredNorms;
    private final int dimension;

    public PointSetDistance(NDArray set) {
        Checks.requireBatch("set", set);
        if (set.getShape().dimension() != 2) {
            throw new IllegalArgumentException("set must have shape [N, d], got " + set.getShape());
        }
        Checks.requireData("set", set);
        this.dimension = Math.toIntExact(set.getShape().get(1));
        this.manager = NDManager.newBaseManager(set.getDevice());
        try (NDManager scope = set.getManager().newSubManager()) {
            NDArray s = Scopes.alias(set, scope);
            NDList kept = new NDList(s.duplicate(), s.transpose().duplicate(), s.square().sum(new int[] {1}).reshape(1, -1));
            kept.attach(manager);
            this.points = kept.get(0);
            this.pointsT = kept.get(1);
            this.squaredNorms = kept.get(2);
        }
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The nearest element of S for each row: {@code [B, d] -> [B, d]}. */
    public NDArray nearest(NDArray z) {
        Checks.requirePoints("z", z, dimension);
        return guard.call(() -> Scopes.scoped(z, in -> {
            NDArray index = in.toType(points.getDataType(), false).matMul(pointsT).muli(-2).addi(squaredNorms).argMin(1);
            NDArray rows = points.get(index);
            rows.attach(in.getManager());
            return rows.toType(in.getDataType(), false);
        }));
    }

    @Override
    public NDArray distance(NDArray z) {
        NDList both = distanceWithGradient(z);
        both.get(1).close();
        return both.get(0);
    }

    @Override
    public NDArray gradient(NDArray z) {
        NDList both = distanceWithGradient(z);
        both.get(0).close();
        return both.get(1);
    }

    @Override
    public NDList distanceWithGradient(NDArray z) {
        Checks.requirePoints("z", z, dimension);
        return ExactManifold.towards(z, this::nearest);
    }

    /** Frees the set once the calls in flight have finished; later calls fail with a clear message. */
    @Override
    public void close() {
        guard.close(manager::close);
    }
}
