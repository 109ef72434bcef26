package org.mppm.models.recipes;

/**
 * The preset recipe for a user's images {@code [C, H, W]}: {@link Recipes#mnistTable7()} for 28 x 28
 * grey images, otherwise {@link Recipes#facesTable8()} with C channels at size {@code S = H = W}
 * (the U-Net is square). Settings left unset keep the preset's values. Validated at {@link #build()}.
 */
public final class ImageRecipeBuilder {
    private final int channels;
    private final int height;
    private final int width;
    private Integer epochs;
    private Integer latent;
    private int[] widths;
    private Integer ldmEpochs;
    private Double distanceRate;

    ImageRecipeBuilder(int channels, int height, int width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** Whether the images get the MNIST recipe (1 x 28 x 28). */
    public boolean isDigits() {
        return channels == 1 && height == 28 && width == 28;
    }

    /** Epochs of the DAE and LMPPM (preset: 100 MNIST, 75 U-Net). */
    public ImageRecipeBuilder epochs(int n) {
        this.epochs = n;
        return this;
    }

    /** Latent size d (preset: 18 MNIST, 1024 U-Net). */
    public ImageRecipeBuilder latent(int d) {
        this.latent = d;
        return this;
    }

    /** U-Net block widths, outermost first (preset 32, 64, 128, 256); not for the MNIST recipe. */
    public ImageRecipeBuilder widths(int... w) {
        this.widths = w.clone();
        return this;
    }

    /** Epochs of the LDM's noise predictor (preset 60). */
    public ImageRecipeBuilder ldmEpochs(int n) {
        this.ldmEpochs = n;
        return this;
    }

    /** Adam learning rate of LMPPM's distance network D_S (preset: the recipe's, 1e-5 for digits as Table 10). */
    public ImageRecipeBuilder distanceRate(double rate) {
        this.distanceRate = rate;
        return this;
    }

    /**
     * The recipe.
     *
     * @throws IllegalArgumentException naming the value if the images are not square (U-Net), if
     *                                  widths are set for 28 x 28 grey images, or if a setting is
     *                                  out of range
     */
    public AutoencoderRecipe build() {
        if (isDigits()) {
            if (widths != null) {
                throw new IllegalArgumentException("widths apply to the U-Net recipe; 28 x 28 grey images get the fixed"
                        + " Table 7 autoencoder");
            }
            MnistRecipe.Builder b = Recipes.mnistTable7();
            if (epochs != null) {
                b.epochs(epochs);
            }
            if (latent != null) {
                b.latent(latent);
            }
            if (ldmEpochs != null) {
                b.ldmEpochs(ldmEpochs);
            }
            if (distanceRate != null) {
                b.distanceRate(distanceRate);
            }
            return b.build();
        }
        if (height != width) {
            throw new IllegalArgumentException("the U-Net recipe needs square images; got " + height + " x " + width);
        }
        FacesRecipe.Builder b = Recipes.facesTable8().channels(channels).size(height);
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (latent != null) {
            b.latent(latent);
        }
        if (widths != null) {
            b.widths(widths);
        }
        if (ldmEpochs != null) {
            b.ldmEpochs(ldmEpochs);
        }
        if (distanceRate != null) {
            b.distanceRate(distanceRate);
        }
        return b.build();
    }
}
