package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Draws samples: a count and a seed in, {@code [count, ...]} samples out (images
 * {@code [count, C, H, W]}, points {@code [count, D]}), in the caller's manager (and so on its
 * device). Sample {@code i} depends only on the seed and {@code i} ({@link SampleSeeds}, as EDM's
 * generator seeds each image), so the samples are the same for every chunk size and the first k
 * of n samples are the k samples. Every generative method of the library has this shape: EDM
 * Euler/Heun, MAD, the score-smoothed reverse SDE and probability-flow ODE, the kernel density
 * sampler, LMPPM generation from latent noise. Implementations are immutable and safe to call from
 * many threads at once.
 */
@FunctionalInterface
public interface Sampler {

    /**
     * Samples number {@code firstSample, ..., firstSample + count - 1} of the stream {@code seed},
     * {@code [count, ...]} owned by {@code manager}; {@code count >= 1}.
     */
    NDArray sampleRows(NDManager manager, long seed, long firstSample, int count);

    /** {@code count} samples of the stream {@code seed} in chunks of {@link Chunking#defaults()}. */
    default NDArray sample(NDManager manager, int count, long seed) {
        return sample(manager, count, seed, Chunking.defaults());
    }

    /** {@code count} samples chunk by chunk as {@code chunking} says; the same for every chunk size. */
    default NDArray sample(NDManager manager, int count, long seed, Chunking chunking) {
        return chunking.sample(this, manager, count, seed);
    }
}
