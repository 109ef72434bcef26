package org.mppm.models.train;

/** Receives one report per epoch (e.g. to draw a progress bar). */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = report -> { };

    void onEpoch(EpochReport report);
}
