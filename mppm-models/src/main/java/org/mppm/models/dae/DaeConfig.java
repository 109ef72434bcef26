package org.mppm.models.dae;

import org.mppm.core.Checks;
import org.mppm.models.train.TrainingSchedule;

/**
 * A denoising autoencoder baseline (Vincent et al. 2008): the same autoencoder as MPPM, trained
 * with L2 from noisy to clean points.
 *
 * @param encoderSizes  F's widths D, hidden..., d; G mirrors them
 * @param trainingNoise sigma of the training noise
 * @param learningRate  Adam learning rate
 * @param weightDecay   L2 weight decay
 * @param schedule      epochs, batch, patience, validation split, seed
 */
public record DaeConfig(int[] encoderSizes, double trainingNoise, double learningRate, double weightDecay,
        TrainingSchedule schedule) {

    public DaeConfig {
        if (encoderSizes == null || encoderSizes.length < 2) {
            throw new IllegalArgumentException("encoder sizes need at least input and latent");
        }
        encoderSizes = encoderSizes.clone();
        Checks.requirePositive("trainingNoise", trainingNoise);
        Checks.requirePositive("learningRate", learningRate);
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
    }

    @Override
    public int[] encoderSizes() {
        return encoderSizes.clone();
    }
}
