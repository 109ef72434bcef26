package org.mppm.models.lmppm;

import org.mppm.core.Checks;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.train.TrainingSchedule;

/**
 * Everything that defines an LMPPM model (Section 4.2, Tables 7 and 10).
 *
 * @param autoencoder     the F/G architecture
 * @param distanceHidden  hidden widths of D_S (input d, output 1; Table 7: 100-50-20)
 * @param dropout         dropout of D_S's hidden layers (0.2)
 * @param weights         lambda_1..lambda_6 of Eq. 14
 * @param trainingNoise   sigma of the training noise (0.4 for MNIST)
 * @param clampNoisy      clamp noisy training samples to [0, 1] (authors' code; off by default)
 * @param autoencoderRate Adam learning rate of F and G (1e-3)
 * @param distanceRate    Adam learning rate of D_S (1e-5)
 * @param weightDecay     L2 weight decay (0)
 * @param schedule        epochs (100), batch (128), patience (8), validation split, seed
 * @param kernelBandwidth sigma_ker of Eq. 15 over the training codes
 * @param variant         Eq. 14 as printed (default; also when a saved configuration has none) or
 *                        the authors' code's terms
 * @param skipDropout     probability of decoding a training sample without the encoder's skips,
 *                        {@code G(S-hat(z), z)} ({@link org.mppm.models.nn.SkipDropout}; ours, not the
 *                        paper's; 0, the default, also when a saved configuration has none)
 */
public record LmppmConfig(AutoencoderSpec autoencoder, int[] distanceHidden, double dropout, Eq14Weights weights,
        double trainingNoise, boolean clampNoisy, double autoencoderRate, double distanceRate, double weightDecay,
        TrainingSchedule schedule, double kernelBandwidth, Eq14Variant variant, double skipDropout) {

    public LmppmConfig {
        variant = variant == null ? Eq14Variant.paper() : variant;
        distanceHidden = distanceHidden.clone();
        Checks.requirePositive("trainingNoise", trainingNoise);
        Checks.requirePositive("autoencoderRate", autoencoderRate);
        Checks.requirePositive("distanceRate", distanceRate);
        Checks.requirePositive("kernelBandwidth", kernelBandwidth);
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        if (!(skipDropout >= 0 && skipDropout < 1)) {
            throw new IllegalArgumentException("skipDropout must lie in [0, 1), got " + skipDropout);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must lie in [0, 1), got " + dropout);
        }
    }

    @Override
    public int[] distanceHidden() {
        return distanceHidden.clone();
    }

    /** D_S's widths: latent d, hidden..., 1. */
    public int[] distanceSizes(int latent) {
        int[] s = new int[distanceHidden.length + 2];
        s[0] = latent;
        System.arraycopy(distanceHidden, 0, s, 1, distanceHidden.length);
        s[s.length - 1] = 1;
        return s;
    }
}
