package org.mppm.core.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.mppm.core.Checks;
import org.mppm.core.ScoreFunction;
import org.mppm.core.SeededNoise;
import org.mppm.core.Scopes;

/**
 * Log-domain smoothing of any score by a {@link SmoothingKernel}, by Monte Carlo:
 * {@code s_k(x, sigma) ~ (1/n) sum_j s(Y_j, sigma)}, {@code Y_j ~ k_x} (for a translation-invariant
 * kernel this is the gradient of the smoothed log density {@code k * log p}, not of a smoothed
 * density). Batched: the B points and n kernel draws are one {@code [B n, D]} evaluation of the
 * base score, then averaged over the draws.
 *
 * <p>Fresh noise at every call, reproducibly: call c of {@link #score} draws its n standard
 * normals with {@link SeededNoise} from a seed derived from (seed, c) (a counter-based stream), so
 * two instances with the same seed called in the same order see the same numbers (common random
 * numbers). {@link #score(NDArray, double, long)} takes the stream index explicitly.
 *
 * <p>{@link #divergence} (the smoothed Laplacian {@code (1/m) sum_j lap log p(Y_j)}, m draws)
 * exists when the kernel is translation-invariant and the base score is a {@link DivergenceScore}.
 * Thread-safe; results are owned by the input's manager.
 */
public final class SmoothedScore implements DivergenceScore {
    private final ScoreFunction base;
    private final SmoothingKernel kernel;
    private final int samples;
    private final int divergenceSamples;
    private final long seed;
    private final AtomicLong scoreCalls = new AtomicLong();
    private final AtomicLong divergenceCalls = new AtomicLong();

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

    /** The smoothed score with the next stream's noise: {@code [B, D] -> [B, D]}. */
    @Override
    public NDArray score(NDArray x, double sigma) {
        return score(x, sigma, scoreCalls.getAndIncrement());
    }

    /** The smoothed score with the noise of stream {@code stream}: {@code [B, D] -> [B, D]}. */
    public NDArray score(NDArray x, double sigma, long stream) {
        Checks.requireBatch("x", x);
        Shape shape = x.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("x must have shape [B, D], got " + shape);
        }
        return average(x, samples, streamSeed(0, stream), y -> base.score(y, sigma));
    }

    /** The smoothed Laplacian with the next stream's noise: {@code [B, D] -> [B]}. */
    @Override
    public NDArray divergence(NDArray x, double sigma) {
        if (!hasDivergence()) {
            throw new UnsupportedOperationException("the divergence of a smoothed score needs a translation-invariant "
                    + "kernel and a base DivergenceScore; got kernel " + kernel + " and base " + base);
        }
        Checks.requireBatch("x", x);
        if (x.getShape().dimension() != 2) {
            throw new IllegalArgumentException("x must have shape [B, D], got " + x.getShape());
        }
        long stream = divergenceCalls.getAndIncrement();
        DivergenceScore inner = (DivergenceScore) base;
        return average(x, divergenceSamples, streamSeed(1, stream),
                y -> inner.divergence(y, sigma));
    }

    /** {@code (1/n) sum_j f(Y_j)} for all rows at once: f maps {@code [B n, D]} to {@code [B n, ...]}. */
    private NDArray average(NDArray x, int n, long noiseSeed, Function<NDArray, NDArray> f) {
        long b = x.getShape().get(0);
        long d = x.getShape().get(1);
        return Scopes.scoped(x, in -> {
            NDArray centres = in.expandDims(1).broadcast(new Shape(b, n, d)).reshape(b * n, d);
            NDArray z = SeededNoise.normal(in.getManager(), new Shape(b * n, d), in.getDataType(), noiseSeed);
            NDArray values = f.apply(kernel.sample(centres, z));
            Shape grouped = new Shape(b, n).addAll(values.getShape().slice(1));
            return values.reshape(grouped).mean(new int[] {1});
        });
    }

    /** The seed of call {@code stream} of one kind (0: score, 1: divergence): a hash of (seed, kind, stream). */
    private long streamSeed(int kind, long stream) {
        long keyed = new SplittableRandom(seed).nextLong() + kind * 0x9E3779B97F4A7C15L;
        return new SplittableRandom(new SplittableRandom(keyed).nextLong() + stream).nextLong();
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
