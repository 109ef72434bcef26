/**
 * The papers' training recipes as named presets: {@link org.mppm.models.recipes.MnistRecipe} (the
 * MNIST experiments: Table 7's autoencoder, Table 10's training) and
 * {@link org.mppm.models.recipes.FacesRecipe} (the faces experiment: Table 8's U-Net with latent
 * skip projections, Table 10's training). A recipe is an immutable set of settings that hands out
 * the configured model builders (DAE, LMPPM, LDM); {@link org.mppm.models.recipes.Recipes} names
 * the papers' presets. Change a setting with the recipe's builder, never by editing a model builder
 * after the fact, so that two programs asking for the same recipe train and cache the same models.
 */
package org.mppm.models.recipes;
