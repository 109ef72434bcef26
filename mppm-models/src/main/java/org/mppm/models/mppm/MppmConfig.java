package org.mppm.models.mppm;

import java.util.Arrays;
import org.mppm.core.Checks;
import org.mppm.models.train.TrainingSchedule;

/**
 * Everything that defines a pixel-space MPPM model (Section 4.1, Tables 6 and 9).
 *
 * @param encoderSizes         F's widths D, hidden..., d; G mirrors them (Table 6: 3-64-32-16-8)
 * @param distanceHidden       hidden widths of D (input D, output 1; Table 6: 64-32-16)
 * @param dropout              dropout of D's hidden layers (0.2)
 * @param weights              lambda_1..lambda_5 of Eq. 13
 * @param trainingNoise        sigma of the training noise eps ~ N(0, sigma^2)
 * @param autoencoderRate      Adam learning rate of F and G (1e-3)
 * @param distanceRate         Adam learning rate of D (1e-3)
 * @param weightDecay          L2 weight decay of both (1e-4)
 * @param schedule             epochs (500), batch (550), patience (100), validation split, seed
 * @param kernelBandwidth      sigma_ker of Eq. 5 around each training code (G-bar, Eq. 19-20)
 * @param kernelNoise          sigma_d of Eq. 3 in G-bar's weights
 * @param samplesPerCode       n of Eq. 19-20
 * @param restoration          alpha, beta and stopping rule of {@link Mppm#restorer()}
 *                             ({@link MppmRestoration#DEFAULTS}, Table 9, also when a saved configuration
 *                             has none: what {@code restorer()} gave before these settings were saved)
 */
public record MppmConfig(int[] encoderSizes, int[] distanceHidden, double dropout, Eq13Weights weights,
        double trainingNoise, double autoencoderRate, double distanceRate, double weightDecay, TrainingSchedule schedule,
        double kernelBandwidth, double kernelNoise, int samplesPerCode, MppmRestoration restoration) {

    public MppmConfig {
        restoration = restoration == null ? MppmRestoration.DEFAULTS : restoration;
        if (encoderSizes == null || encoderSizes.length < 2) {
            throw new IllegalArgumentException("encoder sizes need at least input and latent, got " + Arrays.toString(encoderSizes));
        }
        encoderSizes = encoderSizes.clone();
        distanceHidden = distanceHidden.clone();
        Checks.requirePositive("trainingNoise", trainingNoise);
        Checks.requirePositive("autoencoderRate", autoencoderRate);
        Checks.requirePositive("distanceRate", distanceRate);
        Checks.requirePositive("kernelBandwidth", kernelBandwidth);
        Checks.requirePositive("kernelNoise", kernelNoise);
        Checks.requireAtLeast("samplesPerCode", samplesPerCode, 1);
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
    }

    @Override
    public int[] encoderSizes() {
        return encoderSizes.clone();
    }

    @Override
    public int[] distanceHidden() {
        return distanceHidden.clone();
    }

    /** D's widths: ambient D, hidden..., 1. */
    public int[] distanceSizes() {
        int[] s = new int[distanceHidden.length + 2];
        s[0] = encoderSizes[0];
        System.arraycopy(distanceHidden, 0, s, 1, distanceHidden.length);
        s[s.length - 1] = 1;
        return s;
    }

    public int ambientDimension() {
        return encoderSizes[0];
    }
}
