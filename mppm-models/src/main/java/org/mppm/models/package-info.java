/**
 * Trained parts on DJL's PyTorch engine, all with one lifecycle:
 * <ul>
 *   <li>an immutable configuration with a builder: {@code Lmppm.builder()}, {@code Mppm.builder()},
 *       {@code Dae.builder()}, {@code LatentDiffusion.builder()}, {@code PointDenoiser.builder()},
 *       {@code ImageDenoiser.builder()}, {@code MnistClassifier.builder()}; validation when the
 *       configuration is built or at {@code fit}, with a message naming the field;</li>
 *   <li>{@code fit(data)} returns the trained model, on the data's device (the FID classifier,
 *       trained from host bytes: on the engine's default device);</li>
 *   <li>{@code save(dir)} writes parameters, configuration, seed and format atomically;
 *       {@code load(dir)} loads onto the engine's default device
 *       ({@code Engine.getInstance().defaultDevice()}), {@code load(dir, device)} onto the caller's;</li>
 *   <li>everything a restorer needs by default (LMPPM's sigma_ker, alpha, beta, steps and variant;
 *       MPPM's G-bar kernel, weights and stopping rule; the LDM's start step and seed) is part of
 *       the configuration, so {@code load(dir).restorer().restore(x)} gives the saved model's bits;
 *       {@code restoration()} returns the restorer's builder preloaded with those settings, for
 *       overrides.</li>
 * </ul>
 */
package org.mppm.models;
