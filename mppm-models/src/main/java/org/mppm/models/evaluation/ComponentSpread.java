package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;
import org.mppm.core.mixture.GaussianMixture;

/**
 * The spread of points around the components of a 2-D mixture they belong to: each point is
 * assigned to a component (by the caller), its offset from the component mean is split into the
 * coordinate along the component's principal direction u_k and across it (u_k rotated by 90
 * degrees), and the variances of both coordinates are pooled over components (each around the
 * component's own sample mean, divided by n - K).
 *
 * @param alongVariance  pooled variance along the principal directions
 * @param acrossVariance pooled variance across them
 */
public record ComponentSpread(double alongVariance, double acrossVariance) {

    /**
     * @param mixture    the 2-D mixture
     * @param points     {@code [x0, y0, x1, y1, ...]}
     * @param assignment the component of each point
     */
    public static ComponentSpread of(GaussianMixture mixture, double[] points, long[] assignment) {
        int k = mixture.components();
        double[] count = new double[k];
        double[] sumAlong = new double[k];
        double[] sumAcross = new double[k];
        double[] sqAlong = new double[k];
        double[] sqAcross = new double[k];
        for (int i = 0; i < assignment.length; i++) {
            int c = (int) assignment[i];
            double[] mu = mixture.mean(c);
            double[] u = mixture.principalDirection(c);
            double dx = points[2 * i] - mu[0];
            double dy = points[2 * i + 1] - mu[1];
            double along = dx * u[0] + dy * u[1];
            double across = -dx * u[1] + dy * u[0];
            count[c]++;
            sumAlong[c] += along;
            sumAcross[c] += across;
            sqAlong[c] += along * along;
            sqAcross[c] += across * across;
        }
        double n = 0;
        double used = 0;
        double along = 0;
        double across = 0;
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) {
                continue;
            }
            n += count[c];
            used++;
            along += sqAlong[c] - sumAlong[c] * sumAlong[c] / count[c];
            across += sqAcross[c] - sumAcross[c] * sumAcross[c] / count[c];
        }
        double dof = Math.max(1, n - used);
        return new ComponentSpread(along / dof, across / dof);
    }

    /**
     * The spread of points {@code [N, 2]} (e.g. a sampler's final samples), each assigned to its most
     * probable component at noise level {@code sigma > 0} (the argmax of
     * {@link GaussianMixture#responsibilities}); see {@link #of(GaussianMixture, double[], long[])}.
     */
    public static ComponentSpread ofNearest(GaussianMixture mixture, NDArray points, double sigma) {
        long[] assignment;
        try (NDArray r = mixture.responsibilities(points, sigma); NDArray best = r.argMax(1)) {
            assignment = best.toLongArray();
        }
        return of(mixture, points.toDoubleArray(), assignment);
    }

    /** The variance of the distances {@code |x - c|} of the points to the centre {@code (cx, cy)}. */
    public static double radialVariance(double[] points, double cx, double cy) {
        int n = points.length / 2;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double r = Math.hypot(points[2 * i] - cx, points[2 * i + 1] - cy);
            sum += r;
            sq += r * r;
        }
        return (sq - sum * sum / n) / Math.max(1, n - 1);
    }
}
