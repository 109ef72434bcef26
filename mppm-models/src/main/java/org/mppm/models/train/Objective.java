package org.mppm.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.Optional;
import org.mppm.core.SeededNoise;

/**
 * A training objective: the weighted loss terms of a batch of clean samples {@code [B, ...]}.
 * Every random number it needs (training noise, dropout masks, time steps) comes from the
 * generator it is given, never from the engine's, so a fit's result depends only on its seed.
 */
@FunctionalInterface
public interface Objective {

    /**
     * @param clean    a batch of clean training samples, owned by a per-batch manager
     * @param training whether dropout and other training-only behaviour is on
     * @param random   the fit's generator to draw this batch's noise from (the {@link Fitter} gives
     *                 its training stream to training steps and a fixed-seed one to validation)
     */
    LossTerms terms(NDArray clean, boolean training, SeededNoise random);

    /**
     * This objective reading every parameter through {@code store}, if its batches may be split:
     * its loss is the mean of its rows' losses, each row's terms depend on that row alone (no batch
     * statistics, no cross-row terms) and all its networks read their parameters through the store.
     * Then a batch's micro-batches ({@link TrainingSchedule#microBatches}) run at once, each on
     * parameter aliases of its own. Default: empty, and micro-batches run one after another.
     */
    default Optional<Objective> withStore(ParameterStore store) {
        return Optional.empty();
    }
}
