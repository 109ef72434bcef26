package org.mppm.core.image.degrade;

import ai.djl.ndarray.NDArray;

/**
 * A corruption of clean images, as in the papers' experiments (MPPM paper, Appendix B.2).
 *
 * <p>Input and output are {@code [B, C, H, W]} in [0, 1]; the output has the input's shape and
 * range and belongs to the input's manager. Randomness comes only from {@code seed}: random values
 * are drawn on the host from {@code java.util.SplittableRandom(seed)} (never from the engine's
 * global generator), so the same seed gives the same output on any engine. Each image of the batch
 * gets its own draw. Severity is monotone in the degradation's parameter.
 */
public interface Degradation {

    /** Degrades a batch {@code [B, C, H, W]} in [0, 1]. */
    NDArray apply(NDArray images, long seed);

    /** A short stable name with the parameter, e.g. {@code noise-0.3}, for tables and file names. */
    String key();
}
