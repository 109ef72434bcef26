package org.mppm.core.stats;

import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Frechet distance between two Gaussians (the FID formula):
 * {@code FD = |mu1 - mu2|^2 + Tr(S1) + Tr(S2) - 2 Tr((S1 S2)^(1/2))}, with the stable form
 * {@code Tr((S1 S2)^(1/2)) = sum_i sqrt(max(0, lambda_i(S1^(1/2) S2 S1^(1/2))))} from symmetric
 * eigendecompositions (Commons Math; singular values if its eigen iteration does not converge,
 * see {@link #eigenvalues}); negative eigenvalues from round-off are clamped to 0, so
 * singular covariances (fewer samples than dimensions) are handled.
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    /** The Frechet distance of two moment sets of the same dimension (>= 0). */
    public static double between(GaussianMoments a, GaussianMoments b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("dimensions differ: " + a.dimension() + " vs " + b.dimension());
        }
        int d = a.dimension();
        double meanTerm = 0;
        double traces = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTerm += diff * diff;
            traces += a.covariance()[i][i] + b.covariance()[i][i];
        }
        RealMatrix s1Half = sqrtPsd(new Array2DRowRealMatrix(a.covariance(), true));
        RealMatrix m = product(product(s1Half, new Array2DRowRealMatrix(b.covariance(), false)), s1Half);
        double cross = 0;
        for (double lambda : eigenvalues(symmetrize(m))) {
            cross += Math.sqrt(Math.max(0, lambda));
        }
        return Math.max(0, meanTerm + traces - 2 * cross);
    }

    /** Symmetric square root of a positive semi-definite matrix, eigenvalues clamped at 0. */
    static RealMatrix sqrtPsd(RealMatrix s) {
        RealMatrix sym = symmetrize(s);
        RealMatrix v;
        double[] lambda;
        try {
            EigenDecomposition e = new EigenDecomposition(sym);
            v = e.getV();
            lambda = e.getRealEigenvalues();
        } catch (MaxCountExceededException notConverged) {
            SingularValueDecomposition svd = new SingularValueDecomposition(sym);
            v = svd.getU();
            lambda = svd.getSingularValues();
        }
        int d = lambda.length;
        double[][] scaled = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                scaled[i][k] = v.getEntry(i, k) * Math.sqrt(Math.max(0, lambda[k]));
            }
        }
        return product(new Array2DRowRealMatrix(scaled, false), v.transpose());
    }

    /**
     * {@code a b} with Commons Math's bits: each entry is summed over the inner index from first to
     * last, starting from 0, as {@code RealMatrix.multiply} sums it. A row of the product is
     * accumulated a whole row of {@code b} at a time ({@code out[r][.] += a[r][i] b[i][.]}, i
     * ascending), so the entries of a row are independent sums the JIT compiler can keep in vector
     * registers; Java never fuses the multiply and the add, so every entry meets the same roundings.
     */
    static RealMatrix product(RealMatrix a, RealMatrix b) {
        if (a.getColumnDimension() != b.getRowDimension()) {
            throw new IllegalArgumentException("cannot multiply " + a.getRowDimension() + " x " + a.getColumnDimension()
                    + " by " + b.getRowDimension() + " x " + b.getColumnDimension());
        }
        double[][] left = a.getData();
        double[][] right = b.getData();
        int columns = b.getColumnDimension();
        double[][] out = new double[left.length][columns];
        for (int row = 0; row < left.length; row++) {
            double[] l = left[row];
            double[] o = out[row];
            for (int i = 0; i < l.length; i++) {
                double li = l[i];
                double[] r = right[i];
                for (int col = 0; col < columns; col++) {
                    o[col] += li * r[col];
                }
            }
        }
        return new Array2DRowRealMatrix(out, false);
    }

    /**
     * Eigenvalues of a symmetric positive semi-definite matrix. Commons Math's QL iteration can fail
     * to converge on matrices with many (near-)zero eigenvalues, as covariances of ReLU features
     * with dead units are; then the singular values are used, which equal the eigenvalues of a PSD
     * matrix (round-off negatives show up as tiny positives instead of being clamped).
     */
    static double[] eigenvalues(RealMatrix sym) {
        try {
            return new EigenDecomposition(sym).getRealEigenvalues();
        } catch (MaxCountExceededException notConverged) {
            return new SingularValueDecomposition(sym).getSingularValues();
        }
    }

    private static RealMatrix symmetrize(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
