package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.mppm.core.NoGrad;
import org.mppm.models.dae.Dae;
import org.mppm.models.nn.Codes;
import org.mppm.models.train.TrainingOptions;

/**
 * Configures and trains a {@link LatentDiffusion}. Defaults: T = 2000 (the paper), linear betas
 * 1e-4..0.02, time embedding 128, hidden 256-512-256, Adam 1e-3 (Table 10), no weight decay,
 * batch 128, 100 epochs, patience 8; restoration with seed 7 ({@link #restorationSeed}) from the
 * start step t0 that {@link #fit(Dae, NDArray)} chooses on its validation split
 * ({@link #startSearch}, {@link StartSearch#defaults()}) unless {@link #startStep} gives it
 * ({@link #fit(NDArray)}, which has no samples to restore, and a fit without a search start from
 * min(200, T)). Validated at {@link #config} and {@link #fit}, naming the field. It has no
 * autoencoder of its own: it learns the codes of a trained one.
 */
public final class LdmBuilder extends TrainingOptions<LdmBuilder> {
    private int steps = 2000;
    private double betaStart = 1e-4;
    private double betaEnd = 0.02;
    private int timeEmbedding = 128;
    private int[] hidden = {256, 512, 256};
    private double learningRate = 1e-3;
    private Integer startStep;
    private long restorationSeed = LdmRestoration.DEFAULT_SEED;
    private StartSearch startSearch = StartSearch.defaults();

    LdmBuilder() {
        super(100, 128, 8);
        this.weightDecay = 0;
    }

    @Override
    protected LdmBuilder self() {
        return this;
    }

    /** T, the number of diffusion steps. */
    public LdmBuilder steps(int t) {
        this.steps = t;
        return this;
    }

    /** beta_1 and beta_T of the linear schedule. */
    public LdmBuilder betas(double start, double end) {
        this.betaStart = start;
        this.betaEnd = end;
        return this;
    }

    public LdmBuilder timeEmbedding(int width) {
        this.timeEmbedding = width;
        return this;
    }

    /** Hidden widths of the noise predictor. */
    public LdmBuilder hidden(int... widths) {
        this.hidden = widths.clone();
        return this;
    }

    public LdmBuilder learningRate(double rate) {
        this.learningRate = rate;
        return this;
    }

    /**
     * The step t0 restoration starts the reverse chain at, {@code 1 <= t0 <= T}; optional: by
     * default {@link #fit(Dae, NDArray)} chooses it ({@link #startSearch}). A given t0 is never searched.
     */
    public LdmBuilder startStep(int t0) {
        this.startStep = t0;
        return this;
    }

    /**
     * The grid {@link #fit(Dae, NDArray)} searches for t0 on its validation split when
     * {@link #startStep} is not given ({@link StartSearch#defaults()}); null: no search, t0 = min(200, T).
     */
    public LdmBuilder startSearch(StartSearch search) {
        this.startSearch = search;
        return this;
    }

    /** The seed of the restoration chain's noise; default 7. */
    public LdmBuilder restorationSeed(long seed) {
        this.restorationSeed = seed;
        return this;
    }

    /**
     * The configuration for codes of dimension d; its restoration's start step is null when the fit
     * chooses it (no {@link #startStep}, a {@link #startSearch}).
     */
    public LdmConfig config(int latentDimension) {
        return new LdmConfig(latentDimension, steps, betaStart, betaEnd, timeEmbedding, hidden, learningRate, weightDecay,
                schedule(), new LdmRestoration(startStep, restorationSeed), startSearch);
    }

    /**
     * Trains on clean latent codes {@code [N, d]}. Codes alone give nothing to restore, so there is
     * no search: t0 is {@link #startStep}, or min(200, T).
     */
    public LatentDiffusion fit(NDArray codes) {
        if (codes.getShape().dimension() != 2) {
            throw new IllegalArgumentException("codes must have shape [N, d], got " + codes.getShape());
        }
        try (NoGrad outsideSteps = NoGrad.enter()) {
            return LatentDiffusion.fit(config((int) codes.getShape().get(1)), codes, listener, null, null);
        }
    }

    /**
     * Trains on the codes {@code F_dae(x)} of clean samples {@code [N, ...]}; without a
     * {@link #startStep}, chooses t0 on the validation part of the samples ({@link #startSearch});
     * the returned model's configuration holds it.
     */
    public LatentDiffusion fit(Dae dae, NDArray clean) {
        dae.autoencoder().requireInput("clean samples", clean, 2);
        try (NoGrad outsideSteps = NoGrad.enter(); NDManager scope = clean.getManager().newSubManager()) {
            NDArray codes = Codes.encodeAll(dae.autoencoder(), clean);
            codes.attach(scope);
            return LatentDiffusion.fit(config((int) codes.getShape().get(1)), codes, listener, dae, clean);
        }
    }
}
