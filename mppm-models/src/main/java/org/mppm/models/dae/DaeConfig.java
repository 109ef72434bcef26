package org.mppm.models.dae;

import org.mppm.core.Checks;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.train.TrainingSchedule;

/**
 * A denoising autoencoder baseline (Vincent et al. 2008): the same autoencoder as MPPM, trained
 * with L2 from noisy to clean points.
 *
 * @param autoencoder   the F/G architecture (the same as the method it is compared with)
 * @param trainingNoise sigma of the training noise
 * @param learningRate  Adam learning rate
 * @param weightDecay   L2 weight decay
 * @param schedule      epochs, batch, patience, validation split, seed
 * @param skipDropout   probability of decoding a training sample without the encoder's skips
 *                      ({@link org.mppm.models.nn.SkipDropout}; U-Net only; 0, the default, also when a
 *                      saved configuration has none)
 * @param clampNoisy    clamp the noisy training samples to [0, 1], as the test degradations and the
 *                      authors' code do (false, the default, also when a saved configuration has none)
 */
public record DaeConfig(AutoencoderSpec autoencoder, double trainingNoise, double learningRate, double weightDecay,
        TrainingSchedule schedule, double skipDropout, boolean clampNoisy) {

    public DaeConfig {
        if (autoencoder == null) {
            throw new IllegalArgumentException("an autoencoder architecture is required");
        }
        Checks.requirePositive("trainingNoise", trainingNoise);
        Checks.requirePositive("learningRate", learningRate);
        if (!(skipDropout >= 0 && skipDropout < 1)) {
            throw new IllegalArgumentException("skipDropout must lie in [0, 1), got " + skipDropout);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
    }
}
