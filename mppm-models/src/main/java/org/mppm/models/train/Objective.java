package org.mppm.models.train;

import ai.djl.ndarray.NDArray;

/** A training objective: the weighted loss terms of a batch of clean samples {@code [B, ...]}. */
@FunctionalInterface
public interface Objective {

    /**
     * @param clean    a batch of clean training samples, owned by a per-batch manager
     * @param training whether dropout and other training-only behaviour is on
     */
    LossTerms terms(NDArray clean, boolean training);
}
