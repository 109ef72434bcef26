package org.mppm.core.density;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.mppm.core.Checks;
import org.mppm.core.Chunking;
import org.mppm.core.CloseGuard;
import org.mppm.core.HostArrays;
import org.mppm.core.KernelDensity;
import org.mppm.core.Scopes;

/**
 * The Gaussian kernel density of Eq. 5 over a set of codes S ({@code [N, d]}), normalised:
 * {@code log P(z) = LSE_a(-|z - s_a|^2 / (2 sigma^2)) - log N - (d/2) log(2 pi sigma^2)}, and
 * its kernel mean (Eq. 15) {@code z-bar = sum_a w_a s_a} with {@code w = softmax_a(-|z - s_a|^2 / (2 sigma^2))}.
 *
 * <p>Numerically stable (log-sum-exp relative to the running nearest code,
 * {@code exp(-(|z - s_a|^2 - min_b |z - s_b|^2) / (2 sigma^2))}, so weights underflow only to 0 and
 * the nearest code always keeps weight 1: no NaN at any bandwidth the codes' type can represent,
 * however far z lies from S) and chunked over S: a query batch
 * {@code [B, d]} meets S one chunk {@code [C, d]} at a time, so memory is {@code O(B C)} whatever
 * N is (60,000 codes against 1,024 queries never hold a {@code [1024, 60000]} matrix). Large query
 * batches are also taken in blocks of rows, so that each {@code [rows, C]} temporary stays about
 * {@value #BLOCK_ELEMENTS} entries: the element-wise passes then run in cache instead of streaming
 * (and allocating) matrices of hundreds of megabytes (a smoothed score meets the codes with
 * {@code B n} = 400,000 query rows). Every row is independent, so blocking changes no result.
 *
 * <p>The bandwidth is fixed at construction for the {@link KernelDensity} view; the
 * {@code (z, bandwidth)} overloads evaluate the same codes at any other bandwidth (the empirical
 * score of a noised point set needs one per noise level).
 *
 * <p>Owns a copy of the codes in its own manager (on the codes' device), and where the kernel mean
 * runs natively ({@link #fusedKernelMean()}) a second one in native memory: close it when done (it frees both).
 * Thread-safe to call; {@link #close()} waits for calls in flight, and later calls fail with an
 * {@link IllegalStateException}.
 */
public final class GaussianKernelDensity implements KernelDensity.Owned {
    /** Default number of codes per chunk. */
    public static final int DEFAULT_CHUNK = 4096;
    /** Target number of entries of one {@code [rows, C]} temporary (about 2 MB in float64). */
    static final long BLOCK_ELEMENTS = 1L << 18;

    private final NDManager manager;
    private final CloseGuard guard = new CloseGuard("Gaussian kernel density");
    private final int dimension;
    private final long size;
    private final double bandwidth;
    private final DataType type;
    private final int chunkSize;
    /** Per chunk: the codes [C, d], their transpose [d, C] and squared norms [1, C]. */
    private final List<NDList> chunks;
    /**
     * The kernel mean's logits at the construction bandwidth as one product: {@code [z, 1] L} with
     * {@code L = [S^T / h^2; -|s_a|^2 / (2 h^2)]} {@code [d + 1, N]}, which differ from
     * {@code -|z - s_a|^2 / (2 h^2)} by {@code -|z|^2 / (2 h^2)}, constant along a row (the softmax
     * drops it); null where a logit could overflow (see {@link #logitsFit}).
     */
    private final NDArray logitCodes;
    /** All codes {@code [N, d]} for the fast kernel mean, or null with {@link #logitCodes}. */
    private final NDArray allCodes;
    /**
     * The same kernel mean in one native pass (float32 codes on the CPU, where {@link NativeKernelMean}
     * runs), or null.
     */
    private final NativeKernelMean fused;

    private GaussianKernelDensity(NDArray codes, double bandwidth, int chunk, boolean allowFused) {
        Checks.requireBatch("codes", codes);
        if (codes.getShape().dimension() != 2) {
            throw new IllegalArgumentException("codes must have shape [N, d], got " + codes.getShape());
        }
        Checks.requireData("codes", codes);
        Checks.requireFloating("codes", codes);
        this.type = codes.getDataType();
        this.bandwidth = requireBandwidth(bandwidth, type);
        Checks.requireAtLeast("chunk", chunk, 1);
        this.manager = NDManager.newBaseManager(codes.getDevice());
        this.dimension = Math.toIntExact(codes.getShape().get(1));
        this.size = codes.getShape().get(0);
        this.chunkSize = chunk;
        this.chunks = new ArrayList<>();
        try (NDManager scope = codes.getManager().newSubManager()) {
            NDArray all = Scopes.alias(codes, scope);
            for (long start = 0; start < size; start += chunk) {
                long end = Math.min(size, start + chunk);
                NDArray c = all.get(new NDIndex("{}:{}", start, end)).duplicate();
                NDArray t = c.transpose().duplicate();
                NDArray sq = c.square().sum(new int[] {1}).reshape(1, end - start);
                NDList kept = new NDList(c, t, sq);
                kept.attach(manager);
                chunks.add(kept);
            }
            double radius = Scopes.host(all, a -> a.square().sum(new int[] {1}).max().sqrt().toType(DataType.FLOAT64, false)
                    .getDouble());
            if (logitsFit(radius, dimension, this.bandwidth, type)) {
                double inv = 1 / (this.bandwidth * this.bandwidth);
                NDArray scaled = all.transpose().mul(inv);
                NDArray bias = all.square().sum(new int[] {1}).reshape(1, size).mul(-inv / 2);
                NDList fast = new NDList(scaled.concat(bias, 0), all.duplicate());
                fast.attach(manager);
                this.logitCodes = fast.get(0);
                this.allCodes = fast.get(1);
                this.fused = allowFused && type == DataType.FLOAT32 && Device.Type.CPU.equals(codes.getDevice().getDeviceType())
                        && NativeKernelMean.available() && NativeKernelMean.fits(dimension, size)
                        ? NativeKernelMean.of(logitCodes.toFloatArray(), allCodes.toFloatArray(), dimension,
                                Math.toIntExact(size))
                        : null;
            } else {
                this.logitCodes = null;
                this.allCodes = null;
                this.fused = null;
            }
        }
    }

    /**
     * Whether every logit {@code z.s_a / h^2 - |s_a|^2 / (2 h^2)} is finite in the codes' type for
     * every query the API accepts ({@code |z| <= sqrt(d)} {@link Checks#MAX_MAGNITUDE}), with a
     * margin of 10^6: codes of norm at most {@code radius}.
     */
    private static boolean logitsFit(double radius, int d, double h, DataType type) {
        double largest = type == DataType.FLOAT64 ? Double.MAX_VALUE : type == DataType.FLOAT16 ? 65504 : Float.MAX_VALUE;
        double bound = (Math.sqrt(d) * Checks.MAX_MAGNITUDE * radius + radius * radius / 2) / (h * h);
        return type != DataType.FLOAT16 && bound * 1e6 < largest;
    }

    /**
     * A bandwidth from the data, for when no sigma_ker is given: the median over the points of the
     * Euclidean distance to their nearest other point, {@code [N, D] -> scalar} (N >= 2), computed
     * exactly in row blocks of {@value #DEFAULT_CHUNK} ({@code |a|^2 + |b|^2 - 2 a.b}).
     */
    public static double medianNearestNeighbourDistance(NDArray points) {
        Checks.requireBatch("points", points);
        Checks.requireData("points", points);
        long n = points.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 points for a nearest-neighbour distance, got " + n);
        }
        try (NDManager scope = points.getManager().newSubManager()) {
            NDArray p = points.toType(DataType.FLOAT32, true).reshape(n, -1);
            p.attach(scope);
            NDArray norms = p.square().sum(new int[] {1});
            float[] nearest = new float[(int) n];
            for (long start = 0; start < n; start += DEFAULT_CHUNK) {
                long end = Math.min(n, start + DEFAULT_CHUNK);
                NDArray rows = p.get("{}:{}", start, end);
                NDArray d2 = rows.matMul(p.transpose()).muli(-2).addi(norms.expandDims(0))
                        .addi(norms.get("{}:{}", start, end).expandDims(1));
                // exclude each point itself
                NDArray self = scope.arange(start, end, 1, DataType.INT64);
                NDArray mask = scope.arange(0, n, 1, DataType.INT64).expandDims(0).eq(self.expandDims(1));
                float[] block = d2.add(mask.toType(DataType.FLOAT32, false).mul(Float.MAX_VALUE / 4)).min(new int[] {1})
                        .toFloatArray();
                System.arraycopy(block, 0, nearest, (int) start, block.length);
            }
            java.util.Arrays.sort(nearest);
            int mid = (int) (n / 2);
            double median = n % 2 == 1 ? nearest[mid] : 0.5 * (nearest[mid - 1] + nearest[mid]);
            return Math.sqrt(Math.max(0, median));
        }
    }

    /** A density over the codes {@code [N, d]} (copied) with bandwidth sigma_ker. */
    public static GaussianKernelDensity of(NDArray codes, double bandwidth) {
        return new GaussianKernelDensity(codes, bandwidth, DEFAULT_CHUNK, true);
    }

    /** As {@link #of(NDArray, double)}, with C codes per chunk. */
    public static GaussianKernelDensity of(NDArray codes, double bandwidth, int chunk) {
        return new GaussianKernelDensity(codes, bandwidth, chunk, true);
    }

    /** As {@link #of(NDArray, double, int)}; {@code fused = false} keeps the kernel mean on the engine (for tests). */
    static GaussianKernelDensity of(NDArray codes, double bandwidth, int chunk, boolean fused) {
        return new GaussianKernelDensity(codes, bandwidth, chunk, fused);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public double bandwidth() {
        return bandwidth;
    }

    /**
     * Requires a bandwidth h with {@code 1 / (2 h^2)} finite in the codes' element type (float32:
     * h >= about 3.9e-20) and {@code h <=} {@link Checks#MAX_MAGNITUDE}; smaller h would turn every
     * kernel weight into NaN. Beyond float32's range the log density saturates at -Infinity while
     * the kernel mean stays the nearest code's.
     */
    static double requireBandwidth(double h, DataType type) {
        Checks.requirePositive("bandwidth", h);
        double largest = type == DataType.FLOAT64 ? Double.MAX_VALUE : type == DataType.FLOAT16 ? 65504 : Float.MAX_VALUE;
        double smallest = Math.sqrt(0.5 / largest);
        if (!(0.5 / (h * h) <= largest) || h > Checks.MAX_MAGNITUDE) {
            throw new IllegalArgumentException("bandwidth must lie in [" + (float) smallest + ", " + Checks.MAX_MAGNITUDE
                    + "] for " + type + " codes (1 / (2 h^2) must be finite), got " + h);
        }
        return h;
    }

    /** The codes' element type; queries are computed in it. */
    public DataType dataType() {
        return type;
    }

    @Override
    public NDArray logDensity(NDArray z) {
        return logDensity(z, bandwidth);
    }

    @Override
    public NDArray kernelMean(NDArray z) {
        return kernelMean(z, bandwidth);
    }

    /**
     * {@link #logDensity(NDArray)} at another bandwidth h: {@code [B, d] -> [B]},
     * {@code LSE_a(-|z - s_a|^2 / (2 h^2)) - log N - (d/2) log(2 pi h^2)}.
     */
    public NDArray logDensity(NDArray z, double bandwidth) {
        Checks.requirePoints("z", z, dimension);
        Checks.requireData("z", z);
        requireBandwidth(bandwidth, type);
        return guard.call(() -> Scopes.scoped(z, in -> inRowBlocks(in, q -> {
            Accumulator acc = accumulate(q.toType(type, false), bandwidth, false, false);
            return new NDList(logDensity(acc, bandwidth).toType(q.getDataType(), false));
        }).get(0)));
    }

    /** {@link #kernelMean(NDArray)} at another bandwidth h: {@code [B, d] -> [B, d]}. */
    public NDArray kernelMean(NDArray z, double bandwidth) {
        Checks.requirePoints("z", z, dimension);
        Checks.requireData("z", z);
        requireBandwidth(bandwidth, type);
        if (bandwidth == this.bandwidth && logitCodes != null) {
            return guard.call(() -> Scopes.scoped(z, this::fastMean));
        }
        return guard.call(() -> Scopes.scoped(z, in -> inRowBlocks(in, q -> {
            Accumulator acc = accumulate(q.toType(type, false), bandwidth, true, false);
            return new NDList(acc.weighted.divi(acc.sum).toType(q.getDataType(), false));
        }).get(0)));
    }

    /**
     * Whether {@link #kernelMean(NDArray)} runs natively in one pass over the codes
     * ({@code NativeKernelMean}: float32 codes on a Linux x86-64 CPU with AVX2 and FMA, a bandwidth
     * at which no logit can overflow); otherwise it runs on the engine in four passes. The two differ
     * in the last bits.
     */
    public boolean fusedKernelMean() {
        return fused != null;
    }

    /**
     * Why {@link #fusedKernelMean()} may be false on this machine: {@code avx2+fma} where the native
     * kernels run, else the reason (no build for this platform, CPU, {@code -Dmppm.native=false}).
     */
    public static String nativeKernels() {
        return NativeKernelMean.status();
    }

    /**
     * The kernel mean at the construction bandwidth in one native pass, where {@link #fused} runs and
     * no gradient flows back to z; else {@link #softmaxMean(NDArray)}. {@code [B, d] -> [B, d]}.
     */
    private NDArray fastMean(NDArray z) {
        if (fused == null || z.hasGradient()) {
            return softmaxMean(z);
        }
        int rows = Math.toIntExact(z.getShape().get(0));
        float[] mean = fused.mean(z.toType(DataType.FLOAT32, false).toFloatArray(), rows);
        try (NDArray host = z.getManager().create(mean, new Shape(rows, dimension))) {
            return HostArrays.convert(host, z.getDataType());
        }
    }

    /**
     * The kernel mean at the construction bandwidth in four passes over each row block's
     * {@code [rows, N]} logits (one product, softmax, one product) instead of the chunked
     * log-sum-exp's dozen: {@code w = softmax([z, 1] L)}, {@code z-bar = w S}. The softmax
     * subtracts each row's largest logit, the nearest code's, which keeps weight 1: the same
     * stability as the chunked form wherever {@link #logitsFit} holds. Rows are taken in blocks of
     * about {@value #BLOCK_ELEMENTS} logits, so the temporaries stay in cache; {@code [B, d] -> [B, d]}.
     */
    private NDArray softmaxMean(NDArray z) {
        NDArray q = z.toType(type, false);
        NDArray ones = q.getManager().ones(new Shape(q.getShape().get(0), 1), type, q.getDevice());
        NDArray augmented = q.concat(ones, 1);
        // whole multiples of Chunking.ROW_BLOCK rows, so that a row's rounding never depends on the blocking
        long rows = Math.max(1, BLOCK_ELEMENTS / size / Chunking.ROW_BLOCK) * Chunking.ROW_BLOCK;
        return inRowBlocks(augmented, rows,
                block -> new NDList(block.matMul(logitCodes).softmax(1).matMul(allCodes))).get(0).toType(z.getDataType(), false);
    }

    /**
     * The log density, the kernel mean and the mean squared distance
     * {@code sum_a w_a |z - s_a|^2} ({@code w = softmax_a(-|z - s_a|^2 / (2 h^2))}) in one pass at
     * bandwidth h. The weighted squared distance is accumulated directly (not as a difference of
     * second moments), so it stays accurate for queries next to a code at small h.
     *
     * @param z queries {@code [B, d]}
     * @return {@code [B]}, {@code [B, d]}, {@code [B]}, owned by z's manager
     */
    public Moments moments(NDArray z, double bandwidth) {
        Checks.requirePoints("z", z, dimension);
        Checks.requireData("z", z);
        requireBandwidth(bandwidth, type);
        DataType out = z.getDataType();
        NDList all = guard.call(() -> Scopes.scopedList(z, in -> inRowBlocks(in, q -> {
            Accumulator acc = accumulate(q.toType(type, false), bandwidth, true, true);
            return new NDList(logDensity(acc, bandwidth).toType(out, false), acc.weighted.divi(acc.sum).toType(out, false),
                    acc.squared.divi(acc.sum).squeeze(1).toType(out, false));
        })));
        return new Moments(all.get(0), all.get(1), all.get(2));
    }

    /**
     * Softmax-weighted moments of the codes around a batch of queries.
     *
     * @param logDensity          {@code [B]}, the normalised log density
     * @param mean                {@code [B, d]}, {@code sum_a w_a s_a}
     * @param meanSquaredDistance {@code [B]}, {@code sum_a w_a |z - s_a|^2}
     */
    public record Moments(NDArray logDensity, NDArray mean, NDArray meanSquaredDistance) implements AutoCloseable {
        @Override
        public void close() {
            logDensity.close();
            mean.close();
            meanSquaredDistance.close();
        }
    }

    private NDArray logDensity(Accumulator acc, double h) {
        double logNorm = Math.log(size) + 0.5 * dimension * Math.log(2 * Math.PI * h * h);
        return acc.nearest.mul(-1 / (2 * h * h)).add(acc.sum.log()).subi(logNorm).squeeze(1);
    }

    /**
     * {@code fn} on blocks of the rows of {@code q} {@code [B, d]} (one block when B is small), its
     * per-block results concatenated along the first axis; everything in q's manager.
     */
    private NDList inRowBlocks(NDArray q, Function<NDArray, NDList> fn) {
        return inRowBlocks(q, Math.max(1, BLOCK_ELEMENTS / Math.min(size, chunkSize)), fn);
    }

    /** As {@link #inRowBlocks(NDArray, Function)}, {@code rows} rows per block. */
    private NDList inRowBlocks(NDArray q, long rows, Function<NDArray, NDList> fn) {
        long b = q.getShape().get(0);
        if (b <= rows) {
            return fn.apply(q);
        }
        NDManager owner = q.getManager();
        List<NDList> parts = new ArrayList<>();
        for (long start = 0; start < b; start += rows) {
            try (NDManager block = owner.newSubManager()) { // each block's temporaries are freed before the next
                NDArray part = q.get(new NDIndex("{}:{}", start, Math.min(b, start + rows)));
                part.attach(block);
                NDList result = fn.apply(part);
                result.attach(owner);
                parts.add(result);
            }
        }
        NDList joined = new NDList();
        for (int k = 0; k < parts.get(0).size(); k++) {
            NDList column = new NDList();
            for (NDList part : parts) {
                column.add(part.get(k));
            }
            joined.add(NDArrays.concat(column));
        }
        return joined;
    }

    /**
     * Running log-sum-exp over the chunks: the nearest squared distance m [B, 1], the sum of
     * {@code exp(-(|q - s|^2 - m) / (2 h^2))} [B, 1], the weighted sums of codes [B, d] and of
     * squared distances [B, 1], all relative to m (the largest logit).
     */
    private Accumulator accumulate(NDArray q, double h, boolean withMean, boolean withSquared) {
        double scale = -1 / (2 * h * h);
        NDArray qq = q.square().sum(new int[] {1}, true);
        Accumulator acc = new Accumulator();
        for (NDList chunk : chunks) {
            // |q - s|^2, clamped at 0 against cancellation
            NDArray sq = q.matMul(chunk.get(1)).muli(-2).addi(qq).addi(chunk.get(2)).maximum(0);
            NDArray chunkNearest = sq.min(new int[] {1}, true);
            NDArray nearest = acc.nearest == null ? chunkNearest : acc.nearest.minimum(chunkNearest);
            // logits relative to the largest: (|q - s|^2 - m) * scale <= 0, never NaN
            NDArray e = sq.sub(nearest).muli(scale).exp();
            NDArray chunkSum = e.sum(new int[] {1}, true);
            NDArray chunkWeighted = withMean ? e.matMul(chunk.get(0)) : null;
            NDArray chunkSquared = withSquared ? e.mul(sq).sum(new int[] {1}, true) : null;
            if (acc.nearest == null) {
                acc.sum = chunkSum;
                acc.weighted = chunkWeighted;
                acc.squared = chunkSquared;
            } else {
                NDArray carry = acc.nearest.sub(nearest).muli(scale).exp();
                acc.sum = acc.sum.mul(carry).addi(chunkSum);
                acc.weighted = withMean ? acc.weighted.mul(carry).addi(chunkWeighted) : null;
                acc.squared = withSquared ? acc.squared.mul(carry).addi(chunkSquared) : null;
            }
            acc.nearest = nearest;
        }
        return acc;
    }

    private static final class Accumulator {
        NDArray nearest;
        NDArray sum;
        NDArray weighted;
        NDArray squared;
    }

    /** Frees the codes once the calls in flight have finished; later calls fail with a clear message. */
    @Override
    public void close() {
        guard.close(() -> {
            if (fused != null) {
                fused.close();
            }
            manager.close();
        });
    }
}
