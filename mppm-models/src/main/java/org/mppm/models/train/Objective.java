package org.mppm.models.train;

import ai.djl.ndarray.NDArray;
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
}
