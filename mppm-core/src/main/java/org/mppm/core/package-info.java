/**
 * The vocabulary every part of mppm speaks, engine-agnostic (DJL's NDArray API only).
 *
 * <ul>
 *   <li>The two contracts a user meets: {@link org.mppm.core.Restorer} (degraded batch in, restored
 *       batch of the same shape out) and {@link org.mppm.core.Sampler} (count and seed in, samples
 *       out), run in chunks by {@link org.mppm.core.Chunking} with per-sample seeds
 *       ({@link org.mppm.core.SampleSeeds}).</li>
 *   <li>Geometry the flows run on, learned or exact: {@link org.mppm.core.Manifold} (chart F,
 *       embedding G, {@link org.mppm.core.LatentEncoding} for decoders with skips),
 *       {@link org.mppm.core.DistanceField}, {@link org.mppm.core.KernelDensity} (Eq. 5, 15),
 *       {@link org.mppm.core.Projector} / {@link org.mppm.core.Projection}.</li>
 *   <li>Diffusion models: {@link org.mppm.core.Denoiser}, {@link org.mppm.core.ScoreFunction}
 *       ({@link org.mppm.core.StochasticScore} when its evaluation draws noise, per row),
 *       {@link org.mppm.core.NoiseSchedule} ({@link org.mppm.core.KarrasSchedule}).</li>
 *   <li>Safety: {@link org.mppm.core.Scopes} (temporaries in sub-managers, inputs never attached),
 *       {@link org.mppm.core.CloseGuard} (close while in use), {@link org.mppm.core.Checks} (errors
 *       naming the value), {@link org.mppm.core.SeededNoise} (reproducible host-drawn noise, no
 *       engine state).</li>
 * </ul>
 * Shapes are batch first: points {@code [B, D]}, images {@code [B, C, H, W]} in [0, 1].
 */
package org.mppm.core;
