package org.mppm.core.stats;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.mppm.core.Checks;
import org.mppm.core.SampleSeeds;
import org.mppm.core.SeededNoise;

/**
 * Mean and covariance (N - 1 normalisation) of a sample of N points in R^D.
 *
 * @param mean {@code [D]}
 * @param covariance {@code [D][D]}
 * @param count N
 */
public record GaussianMoments(double[] mean, double[][] covariance, int count) {

    public GaussianMoments {
        if (covariance.length != mean.length) {
            throw new IllegalArgumentException("covariance must be " + mean.length + " x " + mean.length);
        }
    }

    /** Dimension D. */
    public int dimension() {
        return mean.length;
    }

    /** Moments of the rows of {@code samples [N][D]}, N >= 2, all values finite. */
    public static GaussianMoments of(double[][] samples) {
        int n = samples.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 samples for a covariance; got " + n);
        }
        int d = samples[0].length;
        double[] mu = new double[d];
        for (int i = 0; i < n; i++) {
            if (samples[i].length != d) {
                throw new IllegalArgumentException("sample " + i + " has dimension " + samples[i].length + "; expected " + d);
            }
            for (int j = 0; j < d; j++) {
                double v = samples[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("sample " + i + " coordinate " + j + " is not finite: " + v);
                }
                if (Math.abs(v) > Checks.MAX_MAGNITUDE) {
                    throw new IllegalArgumentException("sample " + i + " coordinate " + j + " must have magnitude <= "
                            + Checks.MAX_MAGNITUDE + ", got " + v);
                }
                mu[j] += v;
            }
        }
        for (int j = 0; j < d; j++) {
            mu[j] /= n;
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (double[] row : samples) {
            for (int j = 0; j < d; j++) {
                c[j] = row[j] - mu[j];
            }
            for (int j = 0; j < d; j++) {
                for (int k = j; k < d; k++) {
                    cov[j][k] += c[j] * c[k];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            for (int k = j; k < d; k++) {
                cov[j][k] /= n - 1;
                cov[k][j] = cov[j][k];
            }
        }
        return new GaussianMoments(mu, cov, n);
    }

    /** Moments of the rows of {@code points [N, D]} (one copy to the host). */
    public static GaussianMoments of(NDArray points) {
        if (points.getShape().dimension() == 2 && points.getShape().get(0) < 2) {
            throw new IllegalArgumentException("points must have at least 2 rows for a covariance, got shape " + points.getShape());
        }
        Checks.requireData("points", points);
        return of(hostRows(points));
    }

    /** The rows of {@code points [N, D]} as {@code double[N][D]} (one copy to the host). */
    public static double[][] hostRows(NDArray points) {
        Checks.requireFloating("points", points);
        if (points.getShape().dimension() != 2) {
            throw new IllegalArgumentException("points must be [N, D]; got shape " + points.getShape());
        }
        int n = (int) points.getShape().get(0);
        int d = (int) points.getShape().get(1);
        double[] flat;
        try (NDArray p = points.toType(DataType.FLOAT64, true)) {
            flat = p.toDoubleArray();
        }
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, rows[i], 0, d);
        }
        return rows;
    }

    /**
     * {@code n} seeded draws from N(mean, covariance), {@code [n, D]} float32 in {@code manager}:
     * {@code mean + eps L^T} with {@code L L^T} the Cholesky factor of the covariance (a covariance
     * that is only semi-definite gets the smallest diagonal jitter, 1e-10 to 1e-4 of its trace / D,
     * that makes it definite) and eps {@code [n, D]} the standard normals of {@code seed}
     * ({@link SeededNoise#normal}).
     */
    public NDArray sample(NDManager manager, int n, long seed) {
        Checks.requireAtLeast("n", n, 1);
        try (NDManager scope = manager.newSubManager()) {
            return draws(manager, SeededNoise.normal(scope, new Shape(n, dimension()), DataType.FLOAT32, seed));
        }
    }

    /**
     * One draw from N(mean, covariance) per row of {@code rows}, {@code [rows.count(), D]} float32 in
     * {@code manager}: row b is {@code mean + eps_b L^T} (L as in {@link #sample(NDManager, int, long)})
     * with {@code eps_b} {@code [D]} the standard normals of {@code of(rows.rowSeed(b), stream)}
     * ({@link SampleSeeds#normal}), so a row depends only on its own seed and the stream. One host
     * draw for all rows, one Cholesky factorisation and one matrix product per call.
     */
    public NDArray sample(NDManager manager, SampleSeeds rows, long stream) {
        Objects.requireNonNull(rows, "rows");
        try (NDManager scope = manager.newSubManager()) {
            return draws(manager, rows.normal(scope, new Shape(dimension()), DataType.FLOAT32, stream));
        }
    }

    /** {@code mean + eps L^T} {@code [n, D]} float32, owned by {@code manager}; eps {@code [n, D]} float32. */
    private NDArray draws(NDManager manager, NDArray eps) {
        double[][] lower = choleskyFactor();
        int d = dimension();
        float[] lt = new float[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                lt[j * d + i] = (float) lower[i][j];
            }
        }
        float[] mu = new float[d];
        for (int j = 0; j < d; j++) {
            mu[j] = (float) mean[j];
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray draws = eps.matMul(scope.create(lt, new Shape(d, d))).add(scope.create(mu));
            draws.attach(manager);
            return draws;
        }
    }

    private double[][] choleskyFactor() {
        RealMatrix cov = MatrixUtils.createRealMatrix(covariance);
        double scale = Math.max(cov.getTrace() / dimension(), Double.MIN_NORMAL);
        for (double jitter = 0; jitter <= 1e-4; jitter = jitter == 0 ? 1e-10 : jitter * 10) {
            try {
                RealMatrix c = cov.add(MatrixUtils.createRealIdentityMatrix(dimension()).scalarMultiply(jitter * scale));
                return new CholeskyDecomposition(c, 1e-12, 1e-14).getL().getData();
            } catch (NonPositiveDefiniteMatrixException e) {
                // try a larger jitter
            }
        }
        throw new IllegalStateException("the covariance is not positive semi-definite (trace " + cov.getTrace() + ")");
    }
}
