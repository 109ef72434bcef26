package org.mppm.core.smoothing;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Checks;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.Scopes;

/**
 * The exact score of a point set {@code x_1..x_N} ({@code [N, d]}) noised by the variance-exploding
 * process {@code X_t = X_0 + sqrt(t) Z}, i.e. of {@code p_t = (1/N) sum_i N(x_i, t I)}.
 *
 * <p><b>Convention:</b> {@link #score(NDArray, double)} takes the noise level sigma of
 * {@link org.mppm.core.ScoreFunction}; the diffusion time is {@code t = sigma^2}. With
 * {@code w = softmax_i(-|x - x_i|^2 / (2t))}:
 * <pre>
 *   log p_t(x)     = -log N - (d/2) log(2 pi t) + LSE_i(-|x - x_i|^2 / (2t))
 *   grad log p_t(x) = sum_i w_i (x_i - x) / t
 *   lap log p_t(x)  = -d/t + (sum_i w_i |x - x_i|^2 - |sum_i w_i (x - x_i)|^2) / t^2
 * </pre>
 * The softmax-weighted quantities are those of a {@link GaussianKernelDensity} at bandwidth
 * {@code sqrt(t)} (log-sum-exp stable, chunked over N). Sampling with this score memorises the set.
 *
 * <p>Owns a copy of the points: close it when done. Thread-safe to call.
 */
public final class EmpiricalScore implements DivergenceScore, AutoCloseable {
    private final GaussianKernelDensity density;

    private EmpiricalScore(GaussianKernelDensity density) {
        this.density = density;
    }

    /** The empirical score of {@code points} {@code [N, d]} (copied; finite). */
    public static EmpiricalScore of(NDArray points) {
        return new EmpiricalScore(GaussianKernelDensity.of(points, 1));
    }

    /** As {@link #of(NDArray)}, meeting the points C at a time. */
    public static EmpiricalScore of(NDArray points, int chunk) {
        return new EmpiricalScore(GaussianKernelDensity.of(points, 1, chunk));
    }

    /** The dimension d. */
    public int dimension() {
        return density.dimension();
    }

    /** The number of points N. */
    public long size() {
        return density.size();
    }

    /** {@code log p_t(x)} at {@code t = sigma^2 > 0}: {@code [B, d] -> [B]}. */
    public NDArray logDensity(NDArray x, double sigma) {
        return density.logDensity(x, Checks.requirePositive("sigma", sigma));
    }

    /** {@code grad log p_t(x)} at {@code t = sigma^2 > 0}: {@code [B, d] -> [B, d]}. */
    @Override
    public NDArray score(NDArray x, double sigma) {
        Checks.requirePositive("sigma", sigma);
        try (NDArray mean = density.kernelMean(x, sigma)) {
            return mean.sub(x).divi(sigma * sigma);
        }
    }

    /** {@code lap log p_t(x)} at {@code t = sigma^2 > 0}: {@code [B, d] -> [B]}. */
    @Override
    public NDArray divergence(NDArray x, double sigma) {
        Checks.requirePositive("sigma", sigma);
        double t = sigma * sigma;
        return Scopes.scoped(x, in -> {
            GaussianKernelDensity.Moments m = density.moments(in, sigma);
            NDArray offset = in.sub(m.mean()).square().sum(new int[] {1});
            return m.meanSquaredDistance().sub(offset).divi(t * t).subi(dimension() / t);
        });
    }

    @Override
    public void close() {
        density.close();
    }
}
