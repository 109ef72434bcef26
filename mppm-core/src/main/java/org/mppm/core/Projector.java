package org.mppm.core;

import ai.djl.ndarray.NDArray;

/**
 * Moves a batch of points {@code [B, D]} onto (or towards) a manifold: Eq. 11, Eq. 12 /
 * Algorithm 1, Algorithm 2. The result belongs to the manager of the input. A projector is a
 * deterministic {@link Restorer} whose restoration is the projected batch; {@link #project} also
 * gives the per-sample step counts and, if asked for, the trajectory.
 */
@FunctionalInterface
public interface Projector extends Restorer {

    /** Projects the batch; the input is not modified. */
    Projection project(NDArray x);

    /** The projected batch {@link Projection#result()} (a projector draws no noise: firstSample is unused). */
    @Override
    default NDArray restoreRows(NDArray degraded, long firstSample) {
        Projection projection = project(degraded);
        projection.trajectory().ifPresent(NDArray::close);
        return projection.result();
    }
}
