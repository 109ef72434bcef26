package org.mppm.core.image.metrics;

import org.mppm.core.image.GaussianKernel;

/** The local window of SSIM, as scikit-image's {@code structural_similarity} offers it. */
public enum SsimWindow {
    /**
     * Wang et al. (2004): Gaussian, sigma 1.5, 11 taps (scikit-image {@code gaussian_weights=True,
     * use_sample_covariance=False}); population covariance.
     */
    GAUSSIAN_11("gaussian-sigma1.5-11x11", GaussianKernel.truncated(1.5, 3.5), false),
    /** scikit-image's default: uniform 7 x 7 with sample covariance NP / (NP - 1), NP = 49. */
    UNIFORM_7("uniform-7x7-sample-covariance", uniform(7), true);

    private final String label;
    private final double[] kernel;
    private final boolean sampleCovariance;

    SsimWindow(String label, double[] kernel, boolean sampleCovariance) {
        this.label = label;
        this.kernel = kernel;
        this.sampleCovariance = sampleCovariance;
    }

    /** A stable name for results. */
    public String label() {
        return label;
    }

    /** Taps per axis. */
    public int size() {
        return kernel.length;
    }

    double[] kernel() {
        return kernel.clone();
    }

    /** Factor applied to the local (co)variances: NP/(NP-1) with sample covariance, else 1. */
    double covarianceNorm() {
        int np = kernel.length * kernel.length;
        return sampleCovariance ? np / (np - 1.0) : 1.0;
    }

    private static double[] uniform(int n) {
        double[] k = new double[n];
        java.util.Arrays.fill(k, 1.0 / n);
        return k;
    }
}
