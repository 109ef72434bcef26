package org.mppm.models.train;

import org.mppm.core.Checks;

/**
 * How long and in what portions a model trains: at most {@code epochs} passes over the training
 * split in shuffled batches of {@code batchSize}; a fraction of the data is held out for
 * validation, and training stops after {@code patience} epochs without a better validation loss
 * (the best parameters are kept). A validation fraction of 0 holds nothing out: every epoch
 * trains on all the data, and the parameters of the last epoch are kept (patience is then unused). The seed fixes the split, the shuffles, the noise and the
 * initialisation: a fit draws from a generator of its own seeded with it, never from the engine's,
 * so its result does not depend on what other threads do. Fits in several threads queue behind
 * one library-wide training lock ({@link Fitter}), each giving the result it gives alone.
 */
public record TrainingSchedule(int epochs, int batchSize, int patience, double validationFraction, long seed) {

    public TrainingSchedule {
        Checks.requireAtLeast("epochs", epochs, 1);
        Checks.requireAtLeast("batchSize", batchSize, 1);
        Checks.requireAtLeast("patience", patience, 1);
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must lie in [0, 1), got " + validationFraction);
        }
    }

    public TrainingSchedule withEpochs(int newEpochs) {
        return new TrainingSchedule(newEpochs, batchSize, patience, validationFraction, seed);
    }

    /** Whether a part of the data is held out to choose the kept epoch and stop early. */
    public boolean validates() {
        return validationFraction > 0;
    }

    public TrainingSchedule withSeed(long newSeed) {
        return new TrainingSchedule(epochs, batchSize, patience, validationFraction, newSeed);
    }
}
