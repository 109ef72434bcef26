package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Checks;
import org.mppm.core.Chunking;
import org.mppm.models.dae.Dae;
import org.mppm.models.nn.Autoencoder;
import org.mppm.models.nn.LearnedManifold;
import org.mppm.core.Restorer;
import org.mppm.core.Scopes;
import org.mppm.core.Manifold;
import org.mppm.core.LatentEncoding;

/**
 * LDM restoration of degraded samples, {@code [B, ...] -> [B, ...]}:
 * {@code x_hat = G(z_0)}, where {@code z_0} is the end of the DDPM reverse chain started at step
 * t0 from {@code z_{t0} = F(x)}, the code of the degraded sample taken as it is (no noise is added
 * first), as in the authors' code. With a U-Net (Table 8) the decoder takes the skips of the
 * degraded sample itself, {@code x_hat = G(S(x) + S-hat(z_0), z_0)}: the diffusion model lives in
 * the latent space only, so the skips are the encoder's, as Appendix B does for LMPPM.
 *
 * <p>The starting step: a degraded code is treated as a sample of
 * {@code q(z_t0 | z_0) = N(sqrt(alphaBar_t0) z_0, (1 - alphaBar_t0) I)}. The authors start at
 * 150-200 of 2000 steps. A fitted model's restorer starts where its fit chose on the validation
 * split ({@link StartSearch}) or where the user said; a builder without a start step uses
 * {@value #DEFAULT_START_STEP} (the stronger end: with linear betas 1e-4..0.02, alphaBar_200 =
 * 0.80, i.e. a noise level {@code sqrt((1 - alphaBar) / alphaBar)} of about 0.5 relative to the
 * code scale), or T when the schedule is shorter. Immutable and deterministic: the chain's noise comes from the seed and the
 * sample's index in the job.
 */
public final class LdmRestorer implements Restorer {
    /** The starting step t0 without a given or chosen one (the authors use 150-200 of T = 2000). */
    public static final int DEFAULT_START_STEP = 200;

    private final LatentDiffusion diffusion;
    private final Autoencoder autoencoder;
    private final Manifold view;
    private final int startStep;
    private final long seed;

    private LdmRestorer(LatentDiffusion diffusion, Autoencoder autoencoder, Manifold view, int startStep, long seed) {
        this.diffusion = diffusion;
        this.autoencoder = autoencoder;
        this.view = view;
        this.startStep = startStep;
        this.seed = seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int startStep() {
        return startStep;
    }

    public long seed() {
        return seed;
    }

    /**
     * Checks the whole batch {@code [B, ...]} first, so that an error names the caller's shape and
     * values (not a padded chunk's), then restores it chunk by chunk ({@link Restorer#restore(NDArray, Chunking)}).
     */
    @Override
    public NDArray restore(NDArray degraded, Chunking chunking) {
        autoencoder.requireInput("samples", degraded, 1);
        return Restorer.super.restore(degraded, chunking);
    }

    /**
     * Restores a chunk: {@code G(chain_{t0 -> 0}(F(x)))}, row b's chain noise that of sample
     * {@code firstSample + b} of the stream {@link #seed()} ({@link DdpmReverseChain}), so the
     * restoration of a sample does not depend on the chunk it is in.
     *
     * @param x degraded samples {@code [B, ...]} of the autoencoder's sample shape, finite
     * @param firstSample the job index of the first row
     * @return restored samples {@code [B, ...]}, in x's manager
     */
    @Override
    public NDArray restoreRows(NDArray x, long firstSample) {
        autoencoder.requireInput("samples", x, 1);
        return Scopes.scoped(x, in -> {
            try (LatentEncoding e = view.chartWithContext(in)) {
                return e.decode(diffusion.denoise(e.code(), startStep, seed, firstSample));
            }
        });
    }

    /** Configures a restorer; validates at {@link #build()}. */
    public static final class Builder {
        private LatentDiffusion diffusion;
        private Autoencoder autoencoder;
        private Manifold view;
        private Integer startStep;
        private long seed = 7;

        private Builder() {}

        /** The trained diffusion model over the autoencoder's codes. */
        public Builder diffusion(LatentDiffusion d) {
            this.diffusion = d;
            return this;
        }

        /**
         * The trained DAE whose codes the diffusion model learnt: its encoder and decoder (with the
         * input's skips), called under the DAE's lifecycle (a closed DAE fails cleanly).
         */
        public Builder dae(Dae dae) {
            this.autoencoder = dae.autoencoder();
            this.view = dae.manifold();
            return this;
        }

        /** A trained autoencoder without a lifecycle of its own (the caller keeps it open while restoring). */
        public Builder autoencoder(Autoencoder ae) {
            this.autoencoder = ae;
            this.view = new LearnedManifold(ae);
            return this;
        }

        /** t0, the step the encoded sample is taken to be at, {@code 1 <= t0 <= T}. */
        public Builder startStep(int t0) {
            this.startStep = t0;
            return this;
        }

        /** The seed of the chain's noise. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public LdmRestorer build() {
            if (diffusion == null || autoencoder == null) {
                throw new IllegalStateException("a restorer needs both the diffusion model and the autoencoder");
            }
            if (autoencoder.latentDimension() != diffusion.latentDimension()) {
                throw new IllegalArgumentException("the autoencoder's latent dimension " + autoencoder.latentDimension()
                        + " differs from the diffusion model's " + diffusion.latentDimension());
            }
            int steps = diffusion.schedule().steps();
            int t0 = startStep != null ? startStep : Math.min(DEFAULT_START_STEP, steps);
            diffusion.schedule().requireStep("startStep", t0);
            return new LdmRestorer(diffusion, autoencoder, view, t0, seed);
        }
    }
}
