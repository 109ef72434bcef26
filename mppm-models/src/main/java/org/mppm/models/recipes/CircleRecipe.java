package org.mppm.models.recipes;

import org.mppm.core.Checks;
import org.mppm.models.dae.Dae;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.mppm.MppmBuilder;
import org.mppm.models.train.TrainingListener;

/**
 * The half-circle recipe (MPPM paper, Figs. 4-5, Table 6): both models on the MLP autoencoder
 * 3-64-32-16-d (the decoder mirrors it), points {@code [B, 3]}; the DAE and MPPM train with noise
 * {@link #noise()}; MPPM's distance network has dropout {@link #dropout()} and its Eq. 13 kernel
 * terms use sigma_ker, sigma_D and 8 samples. Immutable; {@link Recipes#circleTable6()} gives these settings.
 */
public final class CircleRecipe {
    private final int latent;
    private final double dropout;
    private final double noise;
    private final int epochs;
    private final int patience;
    private final double sigmaKer;
    private final double sigmaD;

    private CircleRecipe(Builder b) {
        this.latent = b.latent;
        this.dropout = b.dropout;
        this.noise = b.noise;
        this.epochs = b.epochs;
        this.patience = b.patience;
        this.sigmaKer = b.sigmaKer;
        this.sigmaD = b.sigmaD;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** F's widths, {@code 3, 64, 32, 16, d}. */
    public int[] encoder() {
        return new int[] {3, 64, 32, 16, latent};
    }

    /** The DAE baseline. */
    public Dae.Builder dae(long seed, TrainingListener listener) {
        return Dae.builder().encoder(encoder()).trainingNoise(noise).epochs(epochs).patience(patience).seed(seed).listener(listener);
    }

    /** MPPM (Eq. 13). */
    public MppmBuilder mppm(long seed, TrainingListener listener) {
        return Mppm.builder().encoder(encoder()).dropout(dropout).trainingNoise(noise).epochs(epochs).patience(patience).seed(seed)
                .kernel(sigmaKer, sigmaD, 8).listener(listener);
    }

    public int latent() {
        return latent;
    }

    public double dropout() {
        return dropout;
    }

    public double noise() {
        return noise;
    }

    public int epochs() {
        return epochs;
    }

    public int patience() {
        return patience;
    }

    public double sigmaKer() {
        return sigmaKer;
    }

    public double sigmaD() {
        return sigmaD;
    }

    /** Settings of a {@link CircleRecipe}; validated at {@link #build()}. */
    public static final class Builder {
        private int latent = 8;
        private double dropout = 0.2;
        private double noise = 0.1;
        private int epochs = 500;
        private int patience = 100;
        private double sigmaKer = 0.01;
        private double sigmaD = 0.15;

        private Builder() {}

        /** Latent size d (Table 6: 8). */
        public Builder latent(int d) {
            this.latent = d;
            return this;
        }

        /** Dropout of the distance network (Table 6: 0.2). */
        public Builder dropout(double p) {
            this.dropout = p;
            return this;
        }

        /** Training noise sigma of both models (default 0.1). */
        public Builder noise(double sigma) {
            this.noise = sigma;
            return this;
        }

        /** Training epochs of both models (default 500). */
        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /** Early-stopping patience of both models (default 100). */
        public Builder patience(int n) {
            this.patience = n;
            return this;
        }

        /** sigma_ker and sigma_D of Eq. 13's kernel terms (defaults 0.01, 0.15). */
        public Builder kernel(double ker, double d) {
            this.sigmaKer = ker;
            this.sigmaD = d;
            return this;
        }

        public CircleRecipe build() {
            Checks.requireAtLeast("latent", latent, 1);
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must lie in [0, 1), got " + dropout);
            }
            Checks.requirePositive("noise", noise);
            Checks.requireAtLeast("epochs", epochs, 1);
            Checks.requireAtLeast("patience", patience, 1);
            Checks.requirePositive("sigmaKer", sigmaKer);
            Checks.requirePositive("sigmaD", sigmaD);
            return new CircleRecipe(this);
        }
    }
}
