package org.mppm.models.mppm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.NoGrad;
import org.mppm.models.train.AutoencoderTrainingOptions;

/**
 * Configures and trains a pixel-space {@link Mppm}. Defaults: Tables 6 and 9 (3-64-32-16-8
 * autoencoder, distance 3-64-32-16-1 with dropout 0.2, Adam 1e-3 for both, weight decay 1e-4,
 * batch 550, 500 epochs, patience 100), all five Eq. 13 weights 1, training noise 0.1, and a
 * G-bar kernel of sigma_ker 0.01, sigma_d 0.15, 8 samples per code (Table 9's values: sigma_ker here
 * is the spread of G-bar's samples around each code, Eq. 19-20, not a kernel over the codes, so it is
 * not taken from the codes), and Algorithm 1 with alpha 0.15, beta 0.1, tolerance 0.005, at most 60
 * steps ({@link #restoration}). Validated at {@link #config()} and {@link #fit}, naming the field.
 */
public final class MppmBuilder extends AutoencoderTrainingOptions<MppmBuilder> {
    private int[] encoderSizes = {3, 64, 32, 16, 8};
    private int[] distanceHidden = {64, 32, 16};
    private double dropout = 0.2;
    private Eq13Weights weights = Eq13Weights.ones();
    private double autoencoderRate = 1e-3;
    private double distanceRate = 1e-3;
    private double kernelBandwidth = 0.01;
    private double kernelNoise = 0.15;
    private int samplesPerCode = 8;
    private MppmRestoration restoration = MppmRestoration.DEFAULTS;

    MppmBuilder() {
        super(0.1, 500, 550, 100);
    }

    @Override
    protected MppmBuilder self() {
        return this;
    }

    /** The encoder's widths, input D first, latent d last; the decoder mirrors them (Table 6: 3-64-32-16-8). */
    public MppmBuilder encoder(int... sizes) {
        this.encoderSizes = sizes.clone();
        return this;
    }

    /** Hidden widths of the distance network D. */
    public MppmBuilder distanceHidden(int... sizes) {
        this.distanceHidden = sizes.clone();
        return this;
    }

    public MppmBuilder dropout(double p) {
        this.dropout = p;
        return this;
    }

    /** lambda_1..lambda_5 of Eq. 13. */
    public MppmBuilder weights(Eq13Weights w) {
        this.weights = w;
        return this;
    }

    /** Adam learning rates of the autoencoder and of D. */
    public MppmBuilder learningRates(double autoencoder, double distance) {
        this.autoencoderRate = autoencoder;
        this.distanceRate = distance;
        return this;
    }

    /** G-bar's kernel: sigma_ker (latent), sigma_d (ambient weights), n samples per code (Eq. 19-20). */
    public MppmBuilder kernel(double sigmaKer, double sigmaD, int samples) {
        this.kernelBandwidth = sigmaKer;
        this.kernelNoise = sigmaD;
        this.samplesPerCode = samples;
        return this;
    }

    /** Alpha, beta and stopping rule the model restores with by default ({@link MppmRestoration#DEFAULTS}). */
    public MppmBuilder restoration(MppmRestoration settings) {
        this.restoration = java.util.Objects.requireNonNull(settings, "restoration");
        return this;
    }

    /** The configuration this builder describes (validated). */
    public MppmConfig config() {
        return new MppmConfig(encoderSizes, distanceHidden, dropout, weights, trainingNoise, autoencoderRate, distanceRate,
                weightDecay, schedule(), kernelBandwidth, kernelNoise, samplesPerCode, restoration);
    }

    /** Trains on clean points {@code [N, D]}. */
    public Mppm fit(NDArray clean) {
        try (NoGrad outsideSteps = NoGrad.enter()) {
            return Mppm.fit(config(), clean, listener);
        }
    }
}
