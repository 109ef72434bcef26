package org.mppm.models.recipes;

import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmBuilder;
import org.mppm.models.lmppm.Eq14Variant;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.LmppmBuilder;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.train.TrainingListener;

/**
 * The MNIST recipe (MPPM paper, Tables 7 and 10): every model on the Table 7 convolutional
 * autoencoder of latent size d, images {@code [B, 1, 28, 28]}. The DAE and LMPPM train with noise
 * sigma 0.4 (clamped to [0, 1]), batch 128; the DAE on every digit for a fixed number of epochs,
 * LMPPM with a validation split and early-stopping patience 8; LMPPM's Adam rates are 1e-3 (autoencoder) and
 * {@link #distanceRate()} ({@code D_S}); the LDM's noise predictor has T = 2,000 steps, batch 128,
 * patience 8. Immutable; {@link Recipes#mnistTable7()} gives the paper's values.
 */
public final class MnistRecipe implements AutoencoderRecipe {
    private final int latent;
    private final int epochs;
    private final double distanceRate;
    private final boolean clampNoise;
    private final Eq14Variant variant;
    private final int ldmEpochs;

    private MnistRecipe(Builder b) {
        this.latent = b.latent;
        this.epochs = b.epochs;
        this.distanceRate = b.distanceRate;
        this.clampNoise = b.clampNoise;
        this.variant = b.variant;
        this.ldmEpochs = b.ldmEpochs;
    }

    /** The paper's values; see {@link Recipes#mnistTable7()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Table 7 autoencoder of latent size {@link #latent()}. */
    public AutoencoderSpec architecture() {
        return AutoencoderSpec.mnistCnn(latent);
    }

    /** {@code mnist-table7, latent d, E epochs}. */
    @Override
    public String describe() {
        return "mnist-table7, latent " + latent + ", " + epochs + " epochs";
    }

    /**
     * The DAE baseline: noise 0.4, batch 128, no weight decay, every training digit for all
     * {@link #epochs()} (no validation split, the last epoch kept): the DAE chooses no setting on
     * held-out digits, so a split would only take 10 % of its training data.
     */
    @Override
    public Dae.Builder dae(long seed, TrainingListener listener) {
        return Dae.builder().autoencoder(architecture()).trainingNoise(0.4).clampNoisy(clampNoise).epochs(epochs)
                .batchSize(128).patience(8).validationFraction(0).weightDecay(0).seed(seed).listener(listener);
    }

    /** LMPPM (Eq. 14 as {@link #variant()}): noise 0.4, Adam 1e-3 and {@link #distanceRate()}, batch 128, patience 8. */
    @Override
    public LmppmBuilder lmppm(long seed, TrainingListener listener) {
        return Lmppm.builder().autoencoder(architecture()).trainingNoise(0.4).clampNoisy(clampNoise).epochs(epochs)
                .learningRates(1e-3, distanceRate).variant(variant).batchSize(128).patience(8).seed(seed).listener(listener);
    }

    /**
     * The LDM's noise predictor over a DAE's codes: T = 2,000, {@link #ldmEpochs()} epochs, batch 128,
     * patience 8; the restoration's start step chosen on its validation split
     * ({@link org.mppm.models.ldm.StartSearch}).
     */
    @Override
    public LdmBuilder ldm(long seed, TrainingListener listener) {
        return LatentDiffusion.builder().steps(2000).epochs(ldmEpochs).batchSize(128).patience(8).seed(seed).listener(listener);
    }

    public int latent() {
        return latent;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    public double distanceRate() {
        return distanceRate;
    }

    public boolean clampNoise() {
        return clampNoise;
    }

    public Eq14Variant variant() {
        return variant;
    }

    @Override
    public int ldmEpochs() {
        return ldmEpochs;
    }

    /** Settings of a {@link MnistRecipe}, preset to the paper's; validated at {@link #build()}. */
    public static final class Builder {
        private int latent = 18;
        private int epochs = 100;
        private double distanceRate = 1e-5;
        private boolean clampNoise = true;
        private Eq14Variant variant = Eq14Variant.paper();
        private int ldmEpochs = 60;

        private Builder() {}

        /** Latent size d (Table 7: 18). */
        public Builder latent(int d) {
            this.latent = d;
            return this;
        }

        /** Training epochs of the DAE and LMPPM autoencoders (paper: 100). */
        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /** Adam learning rate of {@code D_S} (Table 10: 1e-5). */
        public Builder distanceRate(double rate) {
            this.distanceRate = rate;
            return this;
        }

        /**
         * Clamp the noisy training samples of the DAE and LMPPM to [0, 1] (default true): the digits'
         * pixels and the test degradations lie in [0, 1], and so does the authors' code's training noise.
         */
        public Builder clampNoise(boolean clamp) {
            this.clampNoise = clamp;
            return this;
        }

        /** Eq. 14 as printed ({@link Eq14Variant#paper()}, the default) or as the authors' code. */
        public Builder variant(Eq14Variant v) {
            this.variant = v;
            return this;
        }

        /** Training epochs of the LDM's noise predictor (ours: 60; the paper gives none). */
        public Builder ldmEpochs(int n) {
            this.ldmEpochs = n;
            return this;
        }

        public MnistRecipe build() {
            Checks.requireAtLeast("latent", latent, 1);
            Checks.requireAtLeast("epochs", epochs, 1);
            Checks.requirePositive("distanceRate", distanceRate);
            Objects.requireNonNull(variant, "variant");
            Checks.requireAtLeast("ldmEpochs", ldmEpochs, 1);
            return new MnistRecipe(this);
        }
    }
}
