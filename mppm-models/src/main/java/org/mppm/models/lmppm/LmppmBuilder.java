package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.NoGrad;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.train.AutoencoderTrainingOptions;

/**
 * Configures and trains an {@link Lmppm}. Defaults: Table 10 (Adam, AE 1e-3, D 1e-5, batch 128,
 * 100 epochs, patience 8), training noise 0.4, D_S 100-50-20 with dropout 0.2, all Eq. 14 weights 1;
 * z-bar in the standardised codes' metric ({@link #kernelMetric}); sigma_ker, alpha, beta and steps
 * of the restoration chosen at fit on the fit's validation split ({@link #restorationSearch},
 * {@link RestorationSearch}) unless {@link #kernelBandwidth} or {@link #restoration} sets them.
 * Required: the autoencoder ({@link #autoencoder} or {@link #encoder}). Validated at
 * {@link #config()} and {@link #fit}, with messages naming the field.
 */
public final class LmppmBuilder extends AutoencoderTrainingOptions<LmppmBuilder> {
    private AutoencoderSpec autoencoder;
    private int[] distanceHidden = {100, 50, 20};
    private double dropout = 0.2;
    private Eq14Weights weights = Eq14Weights.ones();
    private boolean clampNoisy;
    private double autoencoderRate = 1e-3;
    private double distanceRate = 1e-5;
    private Double kernelBandwidth;
    private double kernelPerplexity = LmppmConfig.DEFAULT_KERNEL_PERPLEXITY;
    private LmppmRestoration restoration;
    private KernelMetric kernelMetric = KernelMetric.STANDARDISED;
    private RestorationSearch restorationSearch = RestorationSearch.defaults();
    private Eq14Variant variant = Eq14Variant.paper();
    private double skipDropout;

    LmppmBuilder() {
        super(0.4, 100, 128, 8);
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

    /**
     * sigma_ker of z-bar (Eq. 15), {@code > 0}, in the units of the {@link #kernelMetric}'s codes;
     * optional: by default fit chooses it ({@link #restorationSearch}, {@link #kernelPerplexity}).
     */
    public LmppmBuilder kernelBandwidth(double sigma) {
        this.kernelBandwidth = sigma;
        return this;
    }

    /**
     * When no {@link #kernelBandwidth} is set, fit takes a multiple ({@link #restorationSearch}) of
     * the sigma_ker at which the training codes' leave-one-out kernel weights, in the
     * {@link #kernelMetric}, have this perplexity ({@link org.mppm.core.density.NeighbourBandwidth});
     * in (1, 50], default 5 (needs {@code N >= 4k + 1} training samples).
     */
    public LmppmBuilder kernelPerplexity(double k) {
        this.kernelPerplexity = k;
        return this;
    }

    /**
     * Alpha, beta, steps and variant the model restores with by default; optional: by default fit
     * chooses alpha, beta and steps ({@link #restorationSearch}; without a search
     * {@link LmppmRestoration#DEFAULTS}).
     */
    public LmppmBuilder restoration(LmppmRestoration settings) {
        this.restoration = java.util.Objects.requireNonNull(settings, "restoration");
        return this;
    }

    /** The metric of z-bar's kernel: {@link KernelMetric#STANDARDISED} (default) or the raw codes' (Eq. 15 as printed). */
    public LmppmBuilder kernelMetric(KernelMetric metric) {
        this.kernelMetric = java.util.Objects.requireNonNull(metric, "kernelMetric");
        return this;
    }

    /**
     * The grid fit searches on its validation split for what {@link #kernelBandwidth} and
     * {@link #restoration} leave open ({@link RestorationSearch#defaults()}); null: no search
     * (sigma_ker from the perplexity rule, {@link LmppmRestoration#DEFAULTS}).
     */
    public LmppmBuilder restorationSearch(RestorationSearch search) {
        this.restorationSearch = search;
        return this;
    }

    public LmppmConfig config() {
        if (autoencoder == null) {
            throw new IllegalStateException("choose an autoencoder: autoencoder(AutoencoderSpec...) or encoder(sizes...)");
        }
        return new LmppmConfig(autoencoder, distanceHidden, dropout, weights, trainingNoise, clampNoisy, autoencoderRate,
                distanceRate, weightDecay, schedule(), kernelBandwidth, variant, skipDropout, kernelPerplexity, restoration, kernelMetric,
                restorationSearch);
    }

    /**
     * Trains on clean samples {@code [N, ...]} on their device; the returned model's configuration
     * holds the sigma_ker and restoration it chose when they were not set.
     */
    public Lmppm fit(NDArray clean) {
        try (NoGrad outsideSteps = NoGrad.enter()) {
            return Lmppm.fit(config(), clean, listener);
        }
    }
}
