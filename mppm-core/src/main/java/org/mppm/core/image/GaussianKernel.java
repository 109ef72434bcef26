package org.mppm.core.image;

/**
 * One-dimensional Gaussian weights {@code w_k = exp(-k^2 / (2 sigma^2)) / sum}, k = -r..r, in the
 * two size conventions the papers' tools use.
 */
public final class GaussianKernel {
    private GaussianKernel() {}

    /** Weights for radius r (2r + 1 taps), normalised to sum 1. */
    public static double[] weights(double sigma, int radius) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("Gaussian sigma must be positive and finite; got " + sigma);
        }
        if (radius < 0) {
            throw new IllegalArgumentException("kernel radius must be >= 0; got " + radius);
        }
        double[] w = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            w[k + radius] = Math.exp(-0.5 * (k / sigma) * (k / sigma));
            sum += w[k + radius];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** torchvision's ElasticTransform size: {@code int(8 sigma + 1)}, made odd. */
    public static double[] torchvision(double sigma) {
        int size = (int) (8 * sigma + 1);
        if (size % 2 == 0) {
            size++;
        }
        return weights(sigma, size / 2);
    }

    /** SciPy / scikit-image size: radius {@code int(truncate sigma + 0.5)}. */
    public static double[] truncated(double sigma, double truncate) {
        return weights(sigma, (int) (truncate * sigma + 0.5));
    }
}
