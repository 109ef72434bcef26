package org.mppm.core.density;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.mppm.core.Checks;
import org.mppm.core.SeededIndices;

/**
 * A kernel bandwidth sigma_ker for Eq. 15 from the codes alone, by the size of the neighbourhood
 * z-bar averages: the sigma at which the leave-one-out Gaussian kernel weights of a code over the
 * other codes, {@code w_ij = softmax_j(-|s_i - s_j|^2 / (2 sigma^2))}, have perplexity
 * {@code exp(-sum_j w_ij ln w_ij) = k} on average over the codes (as t-SNE sets its bandwidths, but
 * one sigma for all). With k = 1 z-bar is the nearest code; large k averages many codes. The
 * perplexity fixes what the bandwidth means in any latent dimension (docs/design/kernel-bandwidth.md).
 *
 * <p>Computed from {@code [N, d]} codes: up to {@code queries} seeded codes against all, their
 * {@value #NEIGHBOURS} nearest others (squared distances found in row blocks on the engine, then
 * sorted), then bisection on ln sigma on the host. Weights beyond the {@value #NEIGHBOURS}-th
 * neighbour are left out, which is exact to far below the bisection's tolerance for k up to about
 * {@value #NEIGHBOURS} / 4.
 */
public final class NeighbourBandwidth {
    /** Nearest neighbours per query kept for the perplexity. */
    public static final int NEIGHBOURS = 200;
    private static final int BLOCK = 256;

    private NeighbourBandwidth() {}

    /**
     * @param codes   {@code [N, d]}, N >= 3, finite
     * @param k       the target perplexity, in {@code (1, min(N - 1, NEIGHBOURS) / 4]}
     * @param queries at most this many codes are used as queries (a seeded subset when N is larger)
     * @param seed    the subset's seed
     * @return sigma_ker > 0
     */
    public static double forPerplexity(NDArray codes, double k, int queries, long seed) {
        Checks.requireBatch("codes", codes);
        long n = codes.getShape().get(0);
        if (n < 3) {
            throw new IllegalArgumentException("need at least 3 codes for a neighbourhood bandwidth, got " + n);
        }
        int kept = (int) Math.min(NEIGHBOURS, n - 1);
        if (!(k > 1 && k <= kept / 4.0 + 1e-9)) {
            throw new IllegalArgumentException("perplexity k must lie in (1, " + kept / 4.0 + "] for " + n + " codes, got " + k);
        }
        Checks.requireAtLeast("queries", queries, 1);
        double[][] d2 = nearestSquaredDistances(codes, (int) Math.min(queries, n), kept, seed);
        return bisect(d2, k);
    }

    /** For each query row, the squared distances to its nearest {@code kept} other codes, ascending. */
    private static double[][] nearestSquaredDistances(NDArray codes, int queries, int kept, long seed) {
        long n = codes.getShape().get(0);
        int[] rows = SeededIndices.choose(Math.toIntExact(n), queries, seed);
        double[][] out = new double[queries][];
        try (NDManager scope = codes.getManager().newSubManager()) {
            NDArray p = codes.toType(DataType.FLOAT64, true);
            p.attach(scope);
            Checks.requireData("codes", p);
            NDArray norms = p.square().sum(new int[] {1});
            NDArray index = scope.create(java.util.Arrays.stream(rows).asLongStream().toArray());
            for (int start = 0; start < queries; start += BLOCK) {
                int end = Math.min(queries, start + BLOCK);
                try (NDManager block = scope.newSubManager()) {
                    NDArray which = index.get("{}:{}", start, end);
                    which.tempAttach(block);
                    NDArray q = p.get(new ai.djl.ndarray.index.NDIndex("{}", which));
                    q.tempAttach(block);
                    NDArray d2 = q.matMul(p.transpose()).muli(-2).addi(norms.expandDims(0))
                            .addi(q.square().sum(new int[] {1}).expandDims(1)).maximum(0);
                    d2.tempAttach(block);
                    // the query itself is at distance 0: the first sorted entry, dropped
                    double[] sorted = d2.sort(1).get(":, 1:{}", kept + 1).toDoubleArray();
                    for (int i = 0; i < end - start; i++) {
                        out[start + i] = java.util.Arrays.copyOfRange(sorted, i * kept, (i + 1) * kept);
                    }
                }
            }
        }
        return out;
    }

    /** Bisection on ln sigma for a mean perplexity of k (perplexity increases with sigma). */
    private static double bisect(double[][] d2, double k) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double[] row : d2) {
            lo = Math.min(lo, row[0]);
            hi = Math.max(hi, row[row.length - 1]);
        }
        double logLo = 0.5 * Math.log(Math.max(lo, 1e-300)) - 8;
        double logHi = 0.5 * Math.log(Math.max(hi, 1e-300)) + 8;
        for (int it = 0; it < 200 && logHi - logLo > 1e-10; it++) {
            double mid = 0.5 * (logLo + logHi);
            if (meanPerplexity(d2, Math.exp(mid)) < k) {
                logLo = mid;
            } else {
                logHi = mid;
            }
        }
        return Math.exp(0.5 * (logLo + logHi));
    }

    /** Mean over the rows of {@code exp(H(softmax(-d2 / (2 sigma^2))))}. */
    static double meanPerplexity(double[][] d2, double sigma) {
        double scale = 1 / (2 * sigma * sigma);
        double total = 0;
        for (double[] row : d2) {
            double min = row[0];
            double z = 0;
            double weighted = 0;
            for (double v : row) {
                double a = (v - min) * scale;
                double w = Math.exp(-a);
                z += w;
                weighted += w * a;
            }
            // H = ln Z + E[a] for w = exp(-a) / Z
            total += Math.exp(Math.log(z) + weighted / z);
        }
        return total / d2.length;
    }
}
