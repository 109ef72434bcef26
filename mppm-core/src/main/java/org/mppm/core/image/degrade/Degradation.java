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

    /**
     * A short stable name with the parameter, e.g. {@code noise-0.3}, {@code sharpen-8},
     * {@code scribble-13}, for tables, results keys and file names; numbers as {@link #number}.
     */
    String key();

    /**
     * A parameter as written in keys: the shortest plain decimal, without trailing zeros or
     * exponent ({@code 8.0 -> "8"}, {@code 0.04 -> "0.04"}, {@code 0.25 -> "0.25"}).
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a degradation parameter must be finite; got " + value);
        }
        String s = java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
