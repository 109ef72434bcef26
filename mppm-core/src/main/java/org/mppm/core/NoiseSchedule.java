package org.mppm.core;

/**
 * A decreasing sequence of noise levels {@code sigma_0 > sigma_1 > ... > sigma_{N-1} > sigma_N = 0}
 * for diffusion sampling.
 */
public interface NoiseSchedule {

    /** The N + 1 levels in double precision, the last one 0. A fresh copy. */
    double[] sigmas();

    /** The number of sampling steps N. */
    default int steps() {
        return sigmas().length - 1;
    }
}
