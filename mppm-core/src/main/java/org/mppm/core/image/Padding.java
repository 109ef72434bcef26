package org.mppm.core.image;

/** How a 1-D filter sees samples beyond the border of a signal {@code a b c d}. */
public enum Padding {
    /** No padding: the output shrinks by the kernel size minus one ("valid" region). */
    VALID,
    /** Mirror without repeating the edge, {@code c b | a b c d | c b} (PyTorch / torchvision "reflect"). */
    REFLECT,
    /** Mirror repeating the edge, {@code b a | a b c d | d c} (SciPy / scikit-image "reflect"). */
    SYMMETRIC,
    /** Zeros outside. */
    ZERO;

    /** The in-range index that position {@code i} of a length-{@code n} signal reads, or -1 for zero. */
    int source(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (this) {
            case ZERO:
                return -1;
            case REFLECT: {
                if (n == 1) {
                    return 0;
                }
                int period = 2 * (n - 1);
                int m = Math.floorMod(i, period);
                return m < n ? m : period - m;
            }
            case SYMMETRIC: {
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                return m < n ? m : period - 1 - m;
            }
            default:
                throw new IllegalStateException("VALID padding reads no sample outside the signal");
        }
    }
}
