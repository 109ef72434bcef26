package org.mppm.models.recipes;

import java.util.Arrays;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmBuilder;
import org.mppm.models.lmppm.Eq14Weights;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.LmppmBuilder;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.train.TrainingListener;

/**
 * The faces recipe (MPPM paper, Tables 8 and 10): every model on the Table 8 U-Net with latent skip
 * projections, images {@code [B, C, S, S]} (the paper's: colour, C = 3). The DAE and LMPPM train with noise
 * {@link #noise()}, batch {@link #batch()}, early-stopping patience 8, Adam 1e-3 (and
 * {@link #distanceRate()} for LMPPM's {@code D_S}); the LDM's noise predictor has T = 2,000 steps,
 * batch 128, patience 8. Immutable; {@link Recipes#facesTable8()} gives the paper's values.
 */
public final class FacesRecipe implements AutoencoderRecipe {
    private final int channels;
    private final int size;
    private final int latent;
    private final int[] widths;
    private final int skipLevels;
    private final int epochs;
    private final int batch;
    private final double noise;
    private final double distanceRate;
    private final Eq14Weights weights;
    private final double skipDropout;
    private final double daeSkipDropout;
    private final int ldmEpochs;

    private FacesRecipe(Builder b) {
        this.channels = b.channels;
        this.size = b.size;
        this.latent = b.latent;
        this.widths = b.widths.clone();
        this.skipLevels = b.skipLevels < 0 ? b.widths.length : b.skipLevels;
        this.epochs = b.epochs;
        this.batch = b.batch;
        this.noise = b.noise;
        this.distanceRate = b.distanceRate;
        this.weights = b.weights;
        this.skipDropout = b.skipDropout;
        this.daeSkipDropout = b.daeSkipDropout;
        this.ldmEpochs = b.ldmEpochs;
    }

    /** The paper's values; see {@link Recipes#facesTable8()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Table 8 U-Net for these sizes: C channels, S x S, latent d, skips at the innermost {@link #skipLevels()} levels. */
    public AutoencoderSpec architecture() {
        return AutoencoderSpec.unetWithSkipLevels(channels, size, latent, skipLevels, widths);
    }

    /** A one-line description of the architecture, for results' set-up records. */
    @Override
    public String describe() {
        return "U-Net " + Arrays.toString(widths) + ", skips at " + skipLevels + " levels, latent " + latent + ", " + size
                + "x" + size;
    }

    /** The DAE baseline: Adam 1e-3, no weight decay, patience 8, skip dropout {@link #daeSkipDropout()}. */
    @Override
    public Dae.Builder dae(long seed, TrainingListener listener) {
        return Dae.builder().autoencoder(architecture()).trainingNoise(noise).learningRate(1e-3).weightDecay(0).epochs(epochs)
                .batchSize(batch).patience(8).skipDropout(daeSkipDropout).seed(seed).listener(listener);
    }

    /** LMPPM with the Eq. 14 weights {@link #weights()}, Adam 1e-3 and {@link #distanceRate()}, patience 8. */
    @Override
    public LmppmBuilder lmppm(long seed, TrainingListener listener) {
        return Lmppm.builder().autoencoder(architecture()).trainingNoise(noise).epochs(epochs).learningRates(1e-3, distanceRate)
                .batchSize(batch).patience(8).weights(weights).skipDropout(skipDropout).seed(seed).listener(listener);
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

    public int channels() {
        return channels;
    }

    public int size() {
        return size;
    }

    public int latent() {
        return latent;
    }

    public int[] widths() {
        return widths.clone();
    }

    /** U-Net levels with skip connections, innermost first (every level unless set). */
    public int skipLevels() {
        return skipLevels;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    public int batch() {
        return batch;
    }

    public double noise() {
        return noise;
    }

    public double distanceRate() {
        return distanceRate;
    }

    public Eq14Weights weights() {
        return weights;
    }

    public double skipDropout() {
        return skipDropout;
    }

    public double daeSkipDropout() {
        return daeSkipDropout;
    }

    @Override
    public int ldmEpochs() {
        return ldmEpochs;
    }

    /** Settings of a {@link FacesRecipe}, preset to the paper's; validated at {@link #build()}. */
    public static final class Builder {
        private int channels = 3;
        private int size = 120;
        private int latent = 1024;
        private int[] widths = {32, 64, 128, 256};
        private int skipLevels = -1;
        private int epochs = 75;
        private int batch = 32;
        private double noise = 0.2;
        private double distanceRate = 1e-5;
        private Eq14Weights weights = Eq14Weights.ones();
        private double skipDropout;
        private double daeSkipDropout;
        private int ldmEpochs = 60;

        private Builder() {}

        /** Image channels C: 3 (the paper's colour faces) or 1 (grey). */
        public Builder channels(int c) {
            this.channels = c;
            return this;
        }

        /** Image side S (paper: 120). */
        public Builder size(int s) {
            this.size = s;
            return this;
        }

        /** Latent size d (paper: 1024). */
        public Builder latent(int d) {
            this.latent = d;
            return this;
        }

        /** U-Net block widths, outermost first (Table 8: 32, 64, 128, 256). */
        public Builder widths(int... w) {
            this.widths = w.clone();
            return this;
        }

        /** U-Net levels with skip connections, innermost first; -1 (the default): every level, as Table 8. */
        public Builder skipLevels(int levels) {
            this.skipLevels = levels;
            return this;
        }

        /** Training epochs of the DAE and LMPPM (paper: 75). */
        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /** Batch size of the DAE and LMPPM (Table 10: 32). */
        public Builder batch(int n) {
            this.batch = n;
            return this;
        }

        /** Training noise sigma of the DAE and LMPPM (paper: 0.2). */
        public Builder noise(double sigma) {
            this.noise = sigma;
            return this;
        }

        /** Adam learning rate of {@code D_S} (Table 10: 1e-5). */
        public Builder distanceRate(double rate) {
            this.distanceRate = rate;
            return this;
        }

        /** Eq. 14 weights lambda_1..lambda_6 (default all 1: the paper gives none). */
        public Builder weights(Eq14Weights w) {
            this.weights = w;
            return this;
        }

        /** LMPPM training: probability of decoding without the encoder's skips (ours; default 0). */
        public Builder skipDropout(double p) {
            this.skipDropout = p;
            return this;
        }

        /** The same for the DAE, and so the LDM's autoencoder (default 0). */
        public Builder daeSkipDropout(double p) {
            this.daeSkipDropout = p;
            return this;
        }

        /** Training epochs of the LDM's noise predictor (ours: 60; the paper gives none). */
        public Builder ldmEpochs(int n) {
            this.ldmEpochs = n;
            return this;
        }

        /** Validates every setting, naming the field, and that the sizes make a U-Net. */
        public FacesRecipe build() {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
            Checks.requireAtLeast("size", size, 1);
            Checks.requireAtLeast("latent", latent, 1);
            Objects.requireNonNull(widths, "widths");
            if (widths.length == 0 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
                throw new IllegalArgumentException("widths must be positive integers, got " + Arrays.toString(widths));
            }
            if (skipLevels < -1 || skipLevels > widths.length) {
                throw new IllegalArgumentException("skipLevels must lie in [-1, " + widths.length + "], got " + skipLevels);
            }
            Checks.requireAtLeast("epochs", epochs, 1);
            Checks.requireAtLeast("batch", batch, 1);
            Checks.requirePositive("noise", noise);
            Checks.requirePositive("distanceRate", distanceRate);
            Objects.requireNonNull(weights, "weights");
            requireProbability("skipDropout", skipDropout);
            requireProbability("daeSkipDropout", daeSkipDropout);
            Checks.requireAtLeast("ldmEpochs", ldmEpochs, 1);
            FacesRecipe recipe = new FacesRecipe(this);
            try {
                recipe.architecture().create();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("size, widths, skipLevels, latent do not make a U-Net: " + e.getMessage(), e);
            }
            return recipe;
        }

        private static void requireProbability(String name, double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(name + " must lie in [0, 1], got " + p);
            }
        }
    }
}
