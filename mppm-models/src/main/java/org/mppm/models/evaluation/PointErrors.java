package org.mppm.models.evaluation;

/**
 * The errors of restored points, each its distance to the true manifold: the mean squared error and
 * the largest error; and the same by bins of a per-point value (e.g. the angle a test point was
 * drawn at), to see where on the manifold a method fails.
 *
 * @param mse      mean of the squared errors
 * @param maxError the largest error
 */
public record PointErrors(double mse, double maxError) {

    /** The errors of per-point distances {@code e} (at least one). */
    public static PointErrors of(double[] e) {
        if (e.length == 0) {
            throw new IllegalArgumentException("errors need at least one point");
        }
        double sq = 0;
        double max = 0;
        for (double v : e) {
            sq += v * v;
            max = Math.max(max, v);
        }
        return new PointErrors(sq / e.length, max);
    }

    /**
     * The mean squared error in each of {@code bins} equal bins of {@code [lo, hi]} by the points'
     * {@code values} (values at hi fall in the last bin); NaN for an empty bin.
     */
    public static double[] mseByBin(double[] e, double[] values, double lo, double hi, int bins) {
        if (e.length != values.length) {
            throw new IllegalArgumentException("one value per error needed, got " + values.length + " for " + e.length);
        }
        double[] sum = new double[bins];
        int[] c = countsByBin(values, lo, hi, bins);
        for (int i = 0; i < e.length; i++) {
            sum[bin(values[i], lo, hi, bins)] += e[i] * e[i];
        }
        for (int b = 0; b < bins; b++) {
            sum[b] = c[b] == 0 ? Double.NaN : sum[b] / c[b];
        }
        return sum;
    }

    /** The number of {@code values} in each of {@code bins} equal bins of {@code [lo, hi]}. */
    public static int[] countsByBin(double[] values, double lo, double hi, int bins) {
        if (bins < 1 || !(hi > lo)) {
            throw new IllegalArgumentException("bins must be >= 1 and hi > lo, got " + bins + " bins of [" + lo + ", " + hi + "]");
        }
        int[] c = new int[bins];
        for (double v : values) {
            c[bin(v, lo, hi, bins)]++;
        }
        return c;
    }

    /** The bins' {@code bins + 1} edges, {@code lo + (hi - lo) b / bins}. */
    public static double[] binEdges(double lo, double hi, int bins) {
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            edges[b] = lo + (hi - lo) * b / bins;
        }
        return edges;
    }

    private static int bin(double v, double lo, double hi, int bins) {
        int b = (int) ((v - lo) / (hi - lo) * bins);
        if (b < 0 || v > hi) {
            throw new IllegalArgumentException("value " + v + " lies outside [" + lo + ", " + hi + "]");
        }
        return Math.min(bins - 1, b);
    }
}
