package org.mppm.core;

import ai.djl.ndarray.NDArray;

/**
 * Moves a batch of points {@code [B, D]} onto (or towards) a manifold: Eq. 11, Eq. 12 /
 * Algorithm 1, Algorithm 2. The result belongs to the manager of the input.
 */
@FunctionalInterface
public interface Projector {

    /** Projects the batch; the input is not modified. */
    Projection project(NDArray x);
}
