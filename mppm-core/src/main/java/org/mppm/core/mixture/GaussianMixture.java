package org.mppm.core.mixture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.mppm.core.Checks;
import org.mppm.core.Denoiser;
import org.mppm.core.HostArrays;
import org.mppm.core.Scopes;
import org.mppm.core.SeededNoise;

/**
 * A Gaussian mixture {@code p = sum_k w_k N(mu_k, S_k)} in {@code R^D} with its exact EDM denoiser
 * (and so its exact score, {@link #asScore()}). Covariances may be degenerate (zero variance
 * along some directions: a Dirac across them).
 *
 * <p>The denoiser is the posterior mean {@code D(x; sigma) = E[y | x = y + sigma n]}:
 * <pre>
 *   C_k       = S_k + sigma^2 I                     (positive definite for sigma > 0)
 *   r_k(x)    = softmax_k( log w_k - 1/2 log det C_k - 1/2 (x - mu_k)^T C_k^{-1} (x - mu_k) )
 *   D(x; s)   = sum_k r_k(x) [ mu_k + S_k C_k^{-1} (x - mu_k) ]
 * </pre>
 * The softmax is a log-sum-exp, so far-away points do not underflow. Per call the {@code K}
 * matrices {@code C_k^{-1}} and {@code S_k C_k^{-1}} are built on the host from eigendecompositions
 * of {@code S_k} made once at construction (Commons Math; D is small), then applied to the whole
 * batch {@code [B, D]} as two {@code [B, D] x [D, K D]} matmuls in x's data type; no per-sample loops. Results belong
 * to x's manager. Immutable and thread-safe.
 */
public final class GaussianMixture implements Denoiser {
    private final int dimension;
    private final double[] weights;
    private final double[][] means;
    private final double[][] eigenvalues;
    private final double[][][] eigenvectors;

    private GaussianMixture(List<Double> weights, List<double[]> means, List<double[][]> covariances) {
        int k = weights.size();
        if (k == 0) {
            throw new IllegalArgumentException("a mixture needs at least one component");
        }
        this.dimension = means.get(0).length;
        this.weights = new double[k];
        this.means = new double[k][];
        this.eigenvalues = new double[k][];
        this.eigenvectors = new double[k][][];
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        for (int c = 0; c < k; c++) {
            this.weights[c] = weights.get(c) / total;
            this.means[c] = means.get(c).clone();
            EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariances.get(c)));
            double scale = 0;
            for (double l : eigen.getRealEigenvalues()) {
                scale = Math.max(scale, Math.abs(l));
            }
            double[] lambda = new double[dimension];
            double[][] vectors = new double[dimension][];
            for (int j = 0; j < dimension; j++) {
                double l = eigen.getRealEigenvalue(j);
                if (l < -1e-9 * scale) {
                    throw new IllegalArgumentException("covariance " + c + " must be positive semi-definite, "
                            + "but has eigenvalue " + l);
                }
                lambda[j] = Math.max(0, l);
                vectors[j] = eigen.getEigenvector(j).toArray();
            }
            this.eigenvalues[c] = lambda;
            this.eigenvectors[c] = vectors;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The dimension D. */
    public int dimension() {
        return dimension;
    }

    /** The number of components K. */
    public int components() {
        return weights.length;
    }

    /** The normalised weight of component k. */
    public double weight(int k) {
        return weights[k];
    }

    /** The mean of component k, a fresh copy. */
    public double[] mean(int k) {
        return means[k].clone();
    }

    /** The covariance {@code S_k}, a fresh {@code [D][D]} array. */
    public double[][] covariance(int k) {
        return spectral(k, l -> l);
    }

    /** A unit eigenvector of {@code S_k} for its largest eigenvalue (the component's principal direction). */
    public double[] principalDirection(int k) {
        int best = 0;
        for (int j = 1; j < dimension; j++) {
            if (eigenvalues[k][j] > eigenvalues[k][best]) {
                best = j;
            }
        }
        return eigenvectors[k][best].clone();
    }

    /** The exact denoiser, {@code [B, D] -> [B, D]} (see the class comment), for {@code sigma > 0}. */
    @Override
    public NDArray denoise(NDArray x, double sigma) {
        Checks.requirePoints("x", x, dimension);
        Checks.requirePositive("sigma", sigma);
        return Scopes.scoped(x, in -> {
            Terms t = terms(in, sigma);
            return t.posteriorMeans().muli(t.responsibilities().expandDims(2)).sum(new int[] {1});
        });
    }

    /** The posterior component probabilities {@code r_k(x)} at level {@code sigma > 0}: {@code [B, D] -> [B, K]}. */
    public NDArray responsibilities(NDArray x, double sigma) {
        Checks.requirePoints("x", x, dimension);
        Checks.requirePositive("sigma", sigma);
        return Scopes.scoped(x, in -> terms(in, sigma).responsibilities());
    }

    /** {@code n} samples of the mixture {@code [n, D]}, drawn on the host from the seed, owned by {@code manager}. */
    public NDArray sample(NDManager manager, int n, DataType type, long seed) {
        Checks.requireAtLeast("n", n, 1);
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[n * dimension];
        for (int i = 0; i < n; i++) {
            int k = pick(random.nextDouble());
            double[] y = means[k].clone();
            for (int j = 0; j < dimension; j++) {
                double z = SeededNoise.gaussian(random) * Math.sqrt(eigenvalues[k][j]);
                for (int d = 0; d < dimension; d++) {
                    y[d] += z * eigenvectors[k][j][d];
                }
            }
            System.arraycopy(y, 0, out, i * dimension, dimension);
        }
        try (NDArray d = manager.create(out, new Shape(n, dimension))) {
            return HostArrays.convert(d, type);
        }
    }

    private int pick(double u) {
        double cumulative = 0;
        for (int k = 0; k < weights.length - 1; k++) {
            cumulative += weights[k];
            if (u < cumulative) {
                return k;
            }
        }
        return weights.length - 1;
    }

    /**
     * The per-call arrays, in x's (scoped) manager: responsibilities {@code [B, K]} and the
     * component posterior means {@code [B, K, D]}.
     */
    private record Terms(NDArray responsibilities, NDArray posteriorMeans) {}

    /**
     * Two plain GEMMs carry all the per-sample work: with {@code P_k = C_k^{-1}} and
     * {@code A_k = S_k C_k^{-1}} (both symmetric), {@code x^T [P_1 .. P_K]} minus {@code mu_k^T P_k}
     * gives {@code (x - mu_k)^T P_k}, and {@code x^T [A_1 .. A_K]} plus {@code mu_k^T (I - A_k)} the
     * posterior means {@code mu_k + A_k (x - mu_k)}.
     */
    private Terms terms(NDArray x, double sigma) {
        int k = weights.length;
        int d = dimension;
        double s2 = sigma * sigma;
        double[] precision = new double[d * k * d];
        double[] shrink = new double[d * k * d];
        double[] projectedMeans = new double[k * d];
        double[] meanOffsets = new double[k * d];
        double[] logOffsets = new double[k];
        double[] flatMeans = new double[k * d];
        for (int c = 0; c < k; c++) {
            double[][] p = spectral(c, l -> 1 / (l + s2));
            double[][] a = spectral(c, l -> l / (l + s2));
            double logDet = 0;
            for (double l : eigenvalues[c]) {
                logDet += StrictMath.log(l + s2);
            }
            logOffsets[c] = StrictMath.log(weights[c]) - 0.5 * logDet;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    precision[i * k * d + c * d + j] = p[i][j];
                    shrink[i * k * d + c * d + j] = a[i][j];
                    projectedMeans[c * d + j] += means[c][i] * p[i][j];
                    meanOffsets[c * d + j] += means[c][i] * ((i == j ? 1 : 0) - a[i][j]);
                }
                flatMeans[c * d + i] = means[c][i];
            }
        }
        NDManager m = x.getManager();
        DataType type = x.getDataType();
        long batch = x.getShape().get(0);
        Shape blocks = new Shape(d, (long) k * d);
        Shape perComponent = new Shape(k, d);
        NDArray projected = x.matMul(m.create(precision, blocks).toType(type, false)).reshape(batch, k, d)
                .subi(m.create(projectedMeans, perComponent).toType(type, false));
        NDArray diff = x.expandDims(1).sub(m.create(flatMeans, perComponent).toType(type, false));
        NDArray logits = projected.muli(diff).sum(new int[] {2}).muli(-0.5)
                .addi(m.create(logOffsets).toType(type, false));
        NDArray posteriorMeans = x.matMul(m.create(shrink, blocks).toType(type, false)).reshape(batch, k, d)
                .addi(m.create(meanOffsets, perComponent).toType(type, false));
        return new Terms(logits.softmax(1), posteriorMeans);
    }

    /** {@code V f(Lambda) V^T} for component c, {@code [D][D]}; the spectra are symmetric. */
    private double[][] spectral(int c, DoubleUnaryOperator f) {
        double[][] out = new double[dimension][dimension];
        for (int j = 0; j < dimension; j++) {
            double g = f.applyAsDouble(eigenvalues[c][j]);
            double[] v = eigenvectors[c][j];
            for (int r = 0; r < dimension; r++) {
                for (int s = 0; s < dimension; s++) {
                    out[r][s] += g * v[r] * v[s];
                }
            }
        }
        return out;
    }

    /** Collects components; validates at {@link #build()}. */
    public static final class Builder {
        private final List<Double> weights = new ArrayList<>();
        private final List<double[]> means = new ArrayList<>();
        private final List<double[][]> covariances = new ArrayList<>();

        private Builder() {}

        /**
         * Adds {@code w N(mean, covariance)}: weight finite {@code > 0} (weights are normalised),
         * mean of length D, covariance {@code [D][D]} symmetric positive semi-definite.
         */
        public Builder add(double weight, double[] mean, double[][] covariance) {
            Checks.requirePositive("weight", weight);
            Checks.requireFinite("mean", mean);
            int d = mean.length;
            if (d < 1) {
                throw new IllegalArgumentException("mean must have length >= 1");
            }
            if (!means.isEmpty() && d != means.get(0).length) {
                throw new IllegalArgumentException(
                        "mean must have length " + means.get(0).length + " like the other components, got " + d);
            }
            if (covariance.length != d) {
                throw new IllegalArgumentException("covariance must be " + d + " x " + d + ", got " + covariance.length
                        + " rows");
            }
            double[][] copy = new double[d][];
            for (int i = 0; i < d; i++) {
                if (covariance[i].length != d) {
                    throw new IllegalArgumentException(
                            "covariance must be " + d + " x " + d + ", row " + i + " has " + covariance[i].length);
                }
                copy[i] = Checks.requireFinite("covariance[" + i + "]", covariance[i].clone());
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    double tolerance = 1e-12 * (Math.abs(copy[i][j]) + Math.abs(copy[i][i]) + Math.abs(copy[j][j]));
                    if (Math.abs(copy[i][j] - copy[j][i]) > tolerance) {
                        throw new IllegalArgumentException("covariance must be symmetric, but [" + i + "][" + j
                                + "] = " + copy[i][j] + " and [" + j + "][" + i + "] = " + copy[j][i]);
                    }
                }
            }
            weights.add(weight);
            means.add(mean.clone());
            covariances.add(copy);
            return this;
        }

        /** Adds {@code w N(mean, variance I)} ({@code variance >= 0}; 0 is a Dirac). */
        public Builder addIsotropic(double weight, double[] mean, double variance) {
            if (!(variance >= 0) || !Double.isFinite(variance)) {
                throw new IllegalArgumentException("variance must be a finite number >= 0, got " + variance);
            }
            RealMatrix c = new Array2DRowRealMatrix(mean.length, mean.length);
            for (int i = 0; i < mean.length; i++) {
                c.setEntry(i, i, variance);
            }
            return add(weight, mean, c.getData());
        }

        public GaussianMixture build() {
            return new GaussianMixture(weights, means, covariances);
        }
    }
}
