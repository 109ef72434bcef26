package org.mppm.core.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.function.Function;
import org.mppm.core.Checks;
import org.mppm.core.SampleSeeds;
import org.mppm.core.ScoreFunction;
import org.mppm.core.Scopes;

/**
 * Log-domain smoothing of any score by a {@link SmoothingKernel}, by Monte Carlo:
 * {@code s_k(x, sigma) ~ (1/n) sum_j s(Y_j, sigma)}, {@code Y_j ~ k_x} (for a translation-invariant
 * kernel this is the gradient of the smoothed log density {@code k * log p}, not of a smoothed
 * density). Batched: the B points and n kernel draws are one {@code [B n, D]} evaluation of the
 * base score, then averaged over the draws.
 *
 * <p>Noise per row, without state: {@link #score(NDArray, double, SampleSeeds, long)} draws row b's
 * n kernel draws {@code [n, D]} with {@link SampleSeeds#normal} from the row's seed
 * {@code rows.rowSeed(b)} and a stream key hashed from (this score's {@link Builder#seed seed},
 * kind, stream), kind 0 for the score and 1 for the divergence. Row b's value therefore depends only
 * on (x_b, sigma, rows.rowSeed(b), stream, seed): not on the rows beside it, the chunking, the
 * order of calls or other threads; and the kernel noise never coincides with the noise a sampler
 * draws from the same row seeds (its stream indices are small, the keys are hashes). Two instances
 * with the same seed called with the same rows and stream see the same numbers (common random
 * numbers).
 *
 * <p>The plain {@link #score(NDArray, double)} and {@link #divergence(NDArray, double)} use the rows
 * {@code new SampleSeeds(seed, 0, B)} (row b of the batch is sample b) and the stream
 * {@code Double.doubleToLongBits(sigma)}: deterministic functions of (x, sigma, seed), the same
 * noise for the same batch position and sigma, different noise at different sigma.
 *
 * <p>{@link #divergence} (the smoothed Laplacian {@code (1/m) sum_j lap log p(Y_j)}, m draws)
 * exists when the kernel is translation-invariant and the base score is a {@link DivergenceScore}.
 * Immutable and thread-safe (when the base score is); results are owned by the input's manager.
 */
public final class SmoothedScore implements StochasticDivergenceScore {
    private static final int SCORE = 0;
    private static final int DIVERGENCE = 1;

    private final ScoreFunction base;
    private final SmoothingKernel kernel;
    private final int samples;
    private final int divergenceSamples;
    private final long seed;

    private SmoothedScore(Builder b) {
        this.base = Objects.requireNonNull(b.base, "base");
        this.kernel = Objects.requireNonNull(b.kernel, "kernel");
        this.samples = Checks.requireAtLeast("samples", b.samples, 1);
        this.divergenceSamples = Checks.requireAtLeast("divergenceSamples", b.divergenceSamples, 1);
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public SmoothingKernel kernel() {
        return kernel;
    }

    /** Whether {@link #divergence} is available (translation-invariant kernel, base with divergence). */
    public boolean hasDivergence() {
        return kernel.translationInvariant() && base instanceof DivergenceScore;
    }

    /**
     * The smoothed score with the noise of rows {@code new SampleSeeds(seed, 0, B)} and stream
     * {@code Double.doubleToLongBits(sigma)}: {@code [B, D] -> [B, D]}.
     */
    @Override
    public NDArray score(NDArray x, double sigma) {
        requireRows(x);
        return score(x, sigma, plainRows(x), Double.doubleToLongBits(sigma));
    }

    /**
     * The smoothed score with row b's kernel noise drawn from {@code rows.rowSeed(b)} and stream
     * {@code stream} (see the class comment): {@code [B, D] -> [B, D]}, {@code B = rows.count()}.
     */
    @Override
    public NDArray score(NDArray x, double sigma, SampleSeeds rows, long stream) {
        requireRows(x, rows);
        return average(x, samples, rows, streamKey(SCORE, stream), y -> base.score(y, sigma));
    }

    /**
     * The smoothed Laplacian with the noise of rows {@code new SampleSeeds(seed, 0, B)} and stream
     * {@code Double.doubleToLongBits(sigma)}: {@code [B, D] -> [B]}.
     */
    @Override
    public NDArray divergence(NDArray x, double sigma) {
        requireDivergence();
        requireRows(x);
        return divergence(x, sigma, plainRows(x), Double.doubleToLongBits(sigma));
    }

    /**
     * The smoothed Laplacian with row b's kernel noise drawn from {@code rows.rowSeed(b)} and stream
     * {@code stream}: {@code [B, D] -> [B]}, {@code B = rows.count()}.
     */
    @Override
    public NDArray divergence(NDArray x, double sigma, SampleSeeds rows, long stream) {
        requireDivergence();
        requireRows(x, rows);
        DivergenceScore inner = (DivergenceScore) base;
        return average(x, divergenceSamples, rows, streamKey(DIVERGENCE, stream), y -> inner.divergence(y, sigma));
    }

    private void requireDivergence() {
        if (!hasDivergence()) {
            throw new UnsupportedOperationException("the divergence of a smoothed score needs a translation-invariant "
                    + "kernel and a base DivergenceScore; got kernel " + kernel + " and base " + base);
        }
    }

    private static void requireRows(NDArray x) {
        Checks.requireBatch("x", x);
        if (x.getShape().dimension() != 2) {
            throw new IllegalArgumentException("x must have shape [B, D], got " + x.getShape());
        }
    }

    private static void requireRows(NDArray x, SampleSeeds rows) {
        Objects.requireNonNull(rows, "rows");
        requireRows(x);
        if (x.getShape().get(0) != rows.count()) {
            throw new IllegalArgumentException("x has " + x.getShape().get(0) + " rows, but rows covers "
                    + rows.count() + " samples");
        }
    }

    private SampleSeeds plainRows(NDArray x) {
        return SampleSeeds.of(seed, 0, x);
    }

    /**
     * {@code (1/n) sum_j f(Y_j)} for all rows at once: f maps {@code [B n, D]} to {@code [B n, ...]};
     * row b's n standard normals {@code [n, D]} come from {@code of(rows.rowSeed(b), key)}.
     */
    private NDArray average(NDArray x, int n, SampleSeeds rows, long key, Function<NDArray, NDArray> f) {
        long b = x.getShape().get(0);
        long d = x.getShape().get(1);
        return Scopes.scoped(x, in -> {
            NDArray centres = in.expandDims(1).broadcast(new Shape(b, n, d)).reshape(b * n, d);
            NDArray z = rows.normal(in.getManager(), new Shape(n, d), in.getDataType(), key).reshape(b * n, d);
            NDArray values = f.apply(kernel.sample(centres, z));
            Shape grouped = new Shape(b, n).addAll(values.getShape().slice(1));
            return values.reshape(grouped).mean(new int[] {1});
        });
    }

    /** The stream key of stream {@code stream} of one kind (0: score, 1: divergence): a hash of (seed, kind, stream). */
    private long streamKey(int kind, long stream) {
        return SampleSeeds.of(SampleSeeds.of(seed, kind), stream);
    }

    /** Fluent configuration; defaults: 200 score draws, 1,000 divergence draws (the paper's), seed 0. */
    public static final class Builder {
        private ScoreFunction base;
        private SmoothingKernel kernel;
        private int samples = 200;
        private int divergenceSamples = 1000;
        private long seed;

        private Builder() {}

        /** The score to smooth, e.g. an {@link EmpiricalScore} or a learned one. */
        public Builder base(ScoreFunction base) {
            this.base = base;
            return this;
        }

        public Builder kernel(SmoothingKernel kernel) {
            this.kernel = kernel;
            return this;
        }

        /** Monte Carlo draws per point for the score, n >= 1. */
        public Builder samples(int samples) {
            this.samples = samples;
            return this;
        }

        /** Monte Carlo draws per point for the divergence, m >= 1. */
        public Builder divergenceSamples(int divergenceSamples) {
            this.divergenceSamples = divergenceSamples;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public SmoothedScore build() {
            return new SmoothedScore(this);
        }
    }
}
