package org.mppm.models.recipes;

/**
 * The papers' recipes by name. Each returns a builder preset to the paper's table, so a setting can
 * be changed (a shorter budget, a smaller image) before {@code build()}:
 *
 * <pre>{@code
 * MnistRecipe recipe = Recipes.mnistTable7().epochs(15).build();
 * try (Lmppm model = recipe.lmppm(7, TrainingListener.NONE).fit(train)) { ... }
 * }</pre>
 */
public final class Recipes {
    private Recipes() {}

    /**
     * MNIST (MPPM paper, Table 7 autoencoder, latent 18; Table 10 training: 100 epochs, batch 128,
     * training noise 0.4, Adam 1e-3 for the autoencoder and 1e-5 for {@code D_S}).
     */
    public static MnistRecipe.Builder mnistTable7() {
        return MnistRecipe.builder();
    }

    /**
     * The half circle of Figs. 4-5 (MPPM paper, Table 6 MLP autoencoder 3-64-32-16-8, distance-network
     * dropout 0.2; training noise 0.1, 500 epochs, patience 100, Eq. 13 kernel sigma_ker 0.01,
     * sigma_D 0.15: the circle experiment's settings, which the paper does not all give).
     */
    public static CircleRecipe.Builder circleTable6() {
        return CircleRecipe.builder();
    }

    /**
     * Faces (MPPM paper, Table 8 U-Net with latent skip projections, widths 32, 64, 128, 256, images
     * 120 x 120, latent 1024; Table 10 training: 75 epochs, batch 32, training noise 0.2, Adam 1e-3
     * and 1e-5 for {@code D_S}; Eq. 14 weights all 1, which the paper does not give).
     */
    public static FacesRecipe.Builder facesTable8() {
        return FacesRecipe.builder();
    }

    /**
     * The preset for a user's images {@code [C, H, W]}: {@link #mnistTable7()} for 28 x 28 grey,
     * otherwise {@link #facesTable8()} with C channels at size H (square images), as a builder of
     * the settings a user usually changes.
     */
    public static ImageRecipeBuilder forImages(int channels, int height, int width) {
        return new ImageRecipeBuilder(channels, height, width);
    }
}
