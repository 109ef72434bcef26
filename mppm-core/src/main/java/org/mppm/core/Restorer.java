package org.mppm.core;

import ai.djl.ndarray.NDArray;

/**
 * Restores degraded samples: a batch {@code [B, ...]} in (images {@code [B, C, H, W]} in [0, 1],
 * points {@code [B, D]}), the restored batch of the same shape out, owned by the input's manager.
 * The input is never modified, attached or closed. Every restoration method of the library has
 * this shape: LMPPM (Algorithm 2 and its variants), MPPM (Algorithm 1), the DAE, the latent
 * diffusion baseline, the plain {@code G(F(x))}.
 *
 * <p>Implementations provide {@link #restoreRows}; callers use {@link #restore(NDArray)} or
 * {@link #restore(NDArray, Chunking)}, which run the batch in chunks (bounded memory, progress)
 * and give the same bits for every chunk size: a stochastic restorer draws the noise of sample
 * {@code i} of the job from a seed of its own ({@link SampleSeeds}), and {@link Chunking} pads
 * every chunk to a whole number of {@link Chunking#ROW_BLOCK} rows, so no row ever meets the
 * different rounding of a short matrix tail. Implementations are immutable and safe to call from
 * many threads at once.
 */
@FunctionalInterface
public interface Restorer {

    /**
     * Restores one chunk of a job. Row {@code b} of {@code degraded} {@code [B, ...]} is sample
     * {@code firstSample + b} of the job, whose per-sample seed a stochastic restorer uses
     * ({@link SampleSeeds}); rows never influence each other. Checks its input (shape, type,
     * values) and names what it expected; the result {@code [B, ...]} belongs to degraded's manager.
     */
    NDArray restoreRows(NDArray degraded, long firstSample);

    /** Restores the whole batch in chunks of {@link Chunking#defaults()}; {@code [B, ...] -> [B, ...]}. */
    default NDArray restore(NDArray degraded) {
        return restore(degraded, Chunking.defaults());
    }

    /**
     * Restores the whole batch {@code [B, ...]} chunk by chunk as {@code chunking} says, reporting
     * progress in samples; the result is the same for every chunk size.
     */
    default NDArray restore(NDArray degraded, Chunking chunking) {
        return chunking.restore(this, degraded);
    }

    /**
     * Restores {@code degraded} {@code [B, ...]} as the samples {@code firstSample .. firstSample + B - 1}
     * of a larger job (a folder restored in parts, a resumed run), chunk by chunk as {@code chunking}
     * says: each row gets the same bits as in one {@link #restore(NDArray, Chunking)} of the whole job.
     */
    default NDArray restore(NDArray degraded, long firstSample, Chunking chunking) {
        return chunking.restore(this, degraded, firstSample);
    }
}
