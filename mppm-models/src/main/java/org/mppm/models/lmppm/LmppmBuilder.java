package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.train.TrainingOptions;

/**
 * Configures and trains an {@link Lmppm}. Defaults: Table 10 (Adam, AE 1e-3, D 1e-5, batch 128,
 * 100 epochs, patience 8), training noise 0.4, D_S 100-50-20 with dropout 0.2, all Eq. 14 weights 1,
 * sigma_ker 0.5; the autoencoder must be chosen with {@link #autoencoder}.
 */
public final class LmppmBuilder extends TrainingOptions<LmppmBuilder> {
    private AutoencoderSpec autoencoder;
    private int[] distanceHidden = {100, 50, 20};
    private double dropout = 0.2;
    private Eq14Weights weights = Eq14Weights.ones();
    private boolean clampNoisy;
    private double autoencoderRate = 1e-3;
    private double distanceRate = 1e-5;
    private double kernelBandwidth = 0.5;
    private Eq14Variant variant = Eq14Variant.paper();
    private double skipDropout;

    LmppmBuilder() {
        super(new int[] {1, 1}, 0.4, 100, 128, 8);
        this.weightDecay = 0;
    }

    @Override
    protected LmppmBuilder self() {
        return this;
    }

    public LmppmBuilder autoencoder(AutoencoderSpec spec) {
        this.autoencoder = spec;
        return this;
    }

    /** An MLP autoencoder with these encoder widths (for points). */
    @Override
    public LmppmBuilder encoder(int... sizes) {
        this.autoencoder = AutoencoderSpec.mlp(sizes);
        return this;
    }

    public LmppmBuilder distanceHidden(int... sizes) {
        this.distanceHidden = sizes.clone();
        return this;
    }

    public LmppmBuilder dropout(double p) {
        this.dropout = p;
        return this;
    }

    public LmppmBuilder weights(Eq14Weights w) {
        this.weights = w;
        return this;
    }

    /** Clamp noisy training samples to [0, 1], as the authors' code does. */
    public LmppmBuilder clampNoisy(boolean clamp) {
        this.clampNoisy = clamp;
        return this;
    }

    public LmppmBuilder learningRates(double autoencoderRate, double distanceRate) {
        this.autoencoderRate = autoencoderRate;
        this.distanceRate = distanceRate;
        return this;
    }

    /** Eq. 14 as printed (default) or the authors' code's terms ({@link Eq14Variant#authors()}). */
    public LmppmBuilder variant(Eq14Variant v) {
        this.variant = java.util.Objects.requireNonNull(v, "variant");
        return this;
    }

    /**
     * Probability of decoding a training sample without the encoder's skips (U-Net only; default 0):
     * see {@link org.mppm.models.nn.SkipDropout}.
     */
    public LmppmBuilder skipDropout(double p) {
        this.skipDropout = p;
        return this;
    }

    /** sigma_ker of z-bar (Eq. 15). */
    public LmppmBuilder kernelBandwidth(double sigma) {
        this.kernelBandwidth = sigma;
        return this;
    }

    public LmppmConfig config() {
        if (autoencoder == null) {
            throw new IllegalStateException("choose an autoencoder: autoencoder(AutoencoderSpec...) or encoder(sizes...)");
        }
        return new LmppmConfig(autoencoder, distanceHidden, dropout, weights, trainingNoise, clampNoisy, autoencoderRate,
                distanceRate, weightDecay, schedule(), kernelBandwidth, variant, skipDropout);
    }

    /** Trains on clean samples {@code [N, ...]}. */
    public Lmppm fit(NDArray clean) {
        return Lmppm.fit(config(), clean, listener);
    }
}
