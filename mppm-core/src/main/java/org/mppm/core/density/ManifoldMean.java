package org.mppm.core.density;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.Checks;
import org.mppm.core.Manifold;
import org.mppm.core.SeededNoise;

/**
 * The manifold mean {@code G-bar(x)} of Eq. 10, computed by Monte Carlo as in Eq. 19-20: around
 * every code {@code z_a} of S, n samples {@code z_{a,i} ~ N(z_a, sigma_ker^2 I)} are drawn once
 * (seeded) and embedded, {@code y_{a,i} = G(z_{a,i})}; then
 * {@code G-bar(x) = sum_{a,i} y_{a,i} exp(-|x - y_{a,i}|^2 / (2 sigma_d^2)) / sum_{a,i} exp(-|x - y_{a,i}|^2 / (2 sigma_d^2))}.
 * The constants {@code Q_d, Q_ker, 1/n} cancel between numerator and denominator (Appendix A),
 * and the weights are normalised in log space: this is exactly the kernel mean of a
 * {@link GaussianKernelDensity} of bandwidth sigma_d over the embedded samples, which is what it
 * delegates to (chunked, stable).
 *
 * <p>Maps {@code [B, D] -> [B, D]}. Owns the embedded samples: close it when done.
 */
public final class ManifoldMean implements AutoCloseable {
    private final GaussianKernelDensity ambient;
    private final double sigmaKer;
    private final double sigmaD;
    private final int samplesPerCode;

    private ManifoldMean(GaussianKernelDensity ambient, double sigmaKer, double sigmaD, int samplesPerCode) {
        this.ambient = ambient;
        this.sigmaKer = sigmaKer;
        this.sigmaD = sigmaD;
        this.samplesPerCode = samplesPerCode;
    }

    /**
     * Draws the Monte-Carlo samples and embeds them.
     *
     * @param manifold       supplies the embedding G
     * @param codes          S, {@code [N, d]}
     * @param sigmaKer       kernel bandwidth in latent space (Eq. 5)
     * @param sigmaD         noise level of {@code P(x | G(z))} (Eq. 3)
     * @param samplesPerCode n of Eq. 19-20
     * @param seed           seed of the samples
     */
    public static ManifoldMean of(Manifold manifold, NDArray codes, double sigmaKer, double sigmaD,
            int samplesPerCode, long seed) {
        Checks.requirePoints("codes", codes, manifold.intrinsicDimension());
        Checks.requireData("codes", codes);
        Checks.requirePositive("sigmaKer", sigmaKer);
        Checks.requirePositive("sigmaD", sigmaD);
        Checks.requireAtLeast("samplesPerCode", samplesPerCode, 1);
        long n = codes.getShape().get(0);
        int d = manifold.intrinsicDimension();
        try (NDManager scope = codes.getManager().newSubManager()) {
            NDArray noise = SeededNoise.normal(scope, new Shape(n, samplesPerCode, d), codes.getDataType(), seed);
            NDArray samples = noise.muli(sigmaKer).addi(codes.expandDims(1)).reshape(n * samplesPerCode, d);
            NDArray embedded = manifold.embed(samples);
            return new ManifoldMean(GaussianKernelDensity.of(embedded, sigmaD), sigmaKer, sigmaD, samplesPerCode);
        }
    }

    /** {@code G-bar(x)}: {@code [B, D] -> [B, D]}. */
    public NDArray mean(NDArray x) {
        return ambient.kernelMean(x);
    }

    public double sigmaKer() {
        return sigmaKer;
    }

    public double sigmaD() {
        return sigmaD;
    }

    public int samplesPerCode() {
        return samplesPerCode;
    }

    @Override
    public void close() {
        ambient.close();
    }
}
