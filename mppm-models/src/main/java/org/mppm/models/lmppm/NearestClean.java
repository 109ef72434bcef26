package org.mppm.models.lmppm;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.Scopes;
import org.mppm.models.nn.ShippedScript;

/**
 * Exact nearest clean sample in pixel space, Eq. 14's {@code x* = argmin_{x~ in X_clean} |x - x~|}:
 * {@code [B, ...] -> [B, ...]}, the lowest index on ties. Owns copies of the clean set
 * {@code [N, ...]} (close it when done); calls may run on many threads at once.
 *
 * <p>The search ({@link Screening#BFLOAT16} or {@link Screening#FLOAT32}, through the shipped
 * TorchScript function {@code nearest_clean.pt}, see {@code tools/make-nearest-script.py}) screens
 * the clean set with one matrix product per chunk of {@code |c|^2 - 2 x.c}, whose rounding error
 * has a proven bound, so every score lies in a known interval. A clean sample whose interval starts
 * above the lowest interval's end cannot be the nearest; the few that remain (one for nearly every
 * noisy image) are compared by their distances in float64. The answer is the same for every
 * screening type, chunk and thread count; the screening type only sets the speed. bfloat16 products
 * are 3 to 4 times as fast as float32 ones where the CPU multiplies bfloat16 natively (AMX or
 * AVX-512 BF16), and their wider intervals still leave about 1.1 candidates per MNIST query at
 * training noise 0.4, because for nonnegative data (images) the bound is relative to {@code x.c}.
 * A query whose bfloat16 window stays wide (clean samples much alike) is screened again in
 * float32; when most queries of a call are, the index screens in float32 from then on.
 *
 * <p>{@link Screening#PRODUCT} (where the CPU has no bfloat16 products, or the TorchScript function
 * is not available) lets one float32 product per chunk and its running minimum decide alone: the
 * same nearest sample except where two distances agree to float32 rounding.
 */
public final class NearestClean implements AutoCloseable {
    /** Clean samples per product of the NDArray form, so a batch never holds more than a {@code [B, chunk]} block. */
    private static final int CHUNK = 8192;
    /** Clean samples per screening product (a call holds a few {@code [B, 16384]} blocks at a time). */
    private static final int SCREEN_CHUNK = 16384;
    private static final ShippedScript SCRIPT = ShippedScript.load(NearestClean.class, "nearest_clean.pt");
    /** Part of the script's message for queries that are not finite ({@code tools/make-nearest-script.py}). */
    private static final String NOT_FINITE = "NaN or infinite";

    /** How the clean set is screened; every form but {@link #PRODUCT} gives the same answer. */
    public enum Screening {
        /**
         * {@link #BFLOAT16} where the CPU multiplies bfloat16 natively (AMX or AVX-512 BF16), else
         * {@link #PRODUCT}, the faster there (float32 screening adds its passes to the same product).
         */
        AUTO,
        /** Products in bfloat16 (float32 sums), then exact distances for the candidates left. */
        BFLOAT16,
        /** Products in float32, then exact distances for the candidates left. */
        FLOAT32,
        /** One float32 product per chunk and its argmin, without exact distances (the NDArray form). */
        PRODUCT
    }

    private final NDManager manager;
    /** The clean rows, flattened and transposed: {@code [P, N]} float32. */
    private final NDArray transposed;
    /** Their squared norms {@code [1, N]}. */
    private final NDArray squaredNorms;
    /** The clean samples in their own type, when that is not float32 (else x* comes from {@link #transposed}). */
    private final NDArray clean;
    /** The screening copy {@code [P, N]} (bfloat16, or {@link #transposed} itself), null for {@link Screening#PRODUCT}. */
    private final NDArray screen;
    /** The shape {@code [chunk, 1 if every clean value is >= 0 else 0]} the TorchScript function reads (null for PRODUCT). */
    private final NDArray geometry;
    private final Screening screening;
    private final Shape sampleShape;
    /**
     * Set when most queries of a call had bfloat16 windows too wide to decide by exact distances
     * (clean samples much alike) and were screened again in float32: later calls screen in float32
     * at once. The answers are the same either way.
     */
    private volatile boolean bfloat16Wide;

    /** Indexes the clean samples {@code [N, ...]} (copied), screened as {@link Screening#AUTO} says. */
    public NearestClean(NDArray cleanSamples) {
        this(cleanSamples, Screening.AUTO);
    }

    /**
     * Indexes the clean samples {@code [N, ...]} (copied; floating point, finite), screened with
     * {@code screening} ({@link Screening#PRODUCT} where the TorchScript function is not available).
     */
    public NearestClean(NDArray cleanSamples, Screening screening) {
        Checks.requireBatch("clean samples", cleanSamples);
        Checks.requireData("clean samples", cleanSamples);
        this.manager = NDManager.newBaseManager(cleanSamples.getDevice());
        long n = cleanSamples.getShape().get(0);
        this.sampleShape = cleanSamples.getShape().slice(1);
        this.screening = resolve(Objects.requireNonNull(screening, "screening"), cleanSamples);
        try (NDManager scope = cleanSamples.getManager().newSubManager()) {
            NDArray samples = Scopes.alias(cleanSamples, scope);
            NDArray flat = samples.toType(DataType.FLOAT32, false).reshape(n, -1);
            this.transposed = keep(flat.transpose().duplicate());
            this.squaredNorms = keep(flat.square().sum(new int[] {1}).reshape(1, n));
            this.clean = samples.getDataType() != DataType.FLOAT32 ? keep(samples.duplicate()) : null;
            if (this.screening == Screening.PRODUCT) {
                this.geometry = null;
                this.screen = null;
            } else {
                boolean nonnegative = flat.min().getFloat() >= 0;
                this.geometry = keep(scope.zeros(new Shape(SCREEN_CHUNK, nonnegative ? 1 : 0), DataType.INT8));
                this.screen = this.screening == Screening.FLOAT32 ? transposed
                        : keep(SCRIPT.forward(new NDList(flat, transposed, flat, flat, flat, scope.zeros(new Shape(0))), false)
                                .singletonOrThrow());
            }
        }
    }

    /** {@code a}, now owned by the index. */
    private NDArray keep(NDArray a) {
        a.attach(manager);
        return a;
    }

    /**
     * The screening this index runs: AUTO resolved, PRODUCT where the TorchScript function is not
     * available, FLOAT32 once bfloat16 windows proved too wide for this clean set.
     */
    public Screening screening() {
        return screening == Screening.BFLOAT16 && bfloat16Wide ? Screening.FLOAT32 : screening;
    }

    private static Screening resolve(Screening asked, NDArray like) {
        if (asked == Screening.PRODUCT || !SCRIPT.available(like)) {
            return Screening.PRODUCT;
        }
        if (asked != Screening.AUTO) {
            return asked;
        }
        boolean cpu = Device.Type.CPU.equals(like.getDevice().getDeviceType());
        return cpu && BfloatProducts.NATIVE ? Screening.BFLOAT16 : Screening.PRODUCT;
    }

    /** The index in the clean set of each query's nearest sample: {@code [B, ...] -> [B]} (int64). */
    public NDArray nearestIndex(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() < 2 || s.get(0) < 1 || !s.slice(1).equals(sampleShape)) {
            throw new IllegalArgumentException("queries must have shape [B, " + sampleShape.toString().replaceAll("[()]", "")
                    + "] with B >= 1 (the clean samples' shape), got " + s);
        }
        if (screen == null) {
            return productIndex(x);
        }
        return Scopes.scoped(x, in -> {
            long b = in.getShape().get(0);
            long n = transposed.getShape().get(1);
            NDManager scope = in.getManager();
            NDArray floats = Scopes.alias(transposed, scope);
            NDArray rows = clean != null ? Scopes.alias(clean, scope).reshape(n, -1) : floats.transpose();
            NDArray screened = bfloat16Wide ? floats : Scopes.alias(screen, scope);
            NDList inputs = new NDList(in.reshape(b, -1), screened, Scopes.alias(squaredNorms, scope), floats, rows,
                    Scopes.alias(geometry, scope));
            try {
                NDList out = SCRIPT.forward(inputs, false);
                if (!bfloat16Wide && this.screening == Screening.BFLOAT16) {
                    long[] counts = out.get(1).toLongArray();
                    // most queries screened again in float32: their bfloat16 windows are wide for this clean set
                    bfloat16Wide = 2 * counts[0] > counts[1];
                }
                return out.get(0);
            } catch (EngineException e) {
                if (String.valueOf(e.getMessage()).contains(NOT_FINITE)) {
                    throw new IllegalArgumentException("queries must be finite, but contain NaN or infinity (shape " + s + ")", e);
                }
                throw e;
            }
        });
    }

    /** One float32 product per chunk of {@code -2 x} with the transposed clean rows, plus the norms, and a running minimum. */
    private NDArray productIndex(NDArray x) {
        Checks.requireFinite("queries", x); // the TorchScript function checks the other screenings' queries
        return Scopes.scoped(x, in -> {
            long b = in.getShape().get(0);
            long n = transposed.getShape().get(1);
            NDArray q = in.toType(DataType.FLOAT32, false).reshape(b, -1).mul(-2);
            // views of the owned arrays made in this call's scope, not in the index's manager
            NDArray rowsT = Scopes.alias(transposed, in.getManager());
            NDArray norms = Scopes.alias(squaredNorms, in.getManager());
            NDArray best = null;
            NDArray bestIndex = null;
            for (long offset = 0; offset < n; offset += CHUNK) {
                long end = Math.min(n, offset + CHUNK);
                // |c|^2 - 2 x.c (|x|^2 is the same for every candidate)
                NDArray score = q.matMul(rowsT.get(":, {}:{}", offset, end)).addi(norms.get(":, {}:{}", offset, end));
                NDArray arg = score.argMin(1);
                if (n <= CHUNK) {
                    return arg; // one chunk: no running minimum
                }
                NDArray min = score.min(new int[] {1});
                arg.addi(offset);
                if (best == null) {
                    best = min;
                    bestIndex = arg;
                } else {
                    NDArray better = min.lt(best);
                    bestIndex = arg.mul(better.toType(DataType.INT64, false))
                            .addi(bestIndex.mul(better.logicalNot().toType(DataType.INT64, false)));
                    best = best.minimum(min);
                }
            }
            return bestIndex;
        });
    }

    /** The nearest clean samples themselves, {@code [B, ...]}, in x's manager. */
    public NDArray nearest(NDArray x) {
        return Scopes.scoped(x, in -> {
            NDArray index = nearestIndex(in);
            NDArray rows = clean != null ? clean.get(index)
                    : Scopes.alias(transposed, in.getManager()).transpose().get(index)
                            .reshape(new Shape(index.getShape().get(0)).addAll(sampleShape));
            rows.attach(in.getManager());
            return rows;
        });
    }

    /** The arrays the index owns (for tests: calls must add none). */
    int ownedArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * Whether this CPU multiplies bfloat16 natively (Linux's {@code /proc/cpuinfo} lists
     * {@code amx_bf16} or {@code avx512_bf16}), read once; {@code -Dmppm.nearest.bfloat16=true|false}
     * decides instead.
     */
    private static final class BfloatProducts {
        static final boolean NATIVE = detect();

        private static boolean detect() {
            String forced = System.getProperty("mppm.nearest.bfloat16");
            if (forced != null) {
                return Boolean.parseBoolean(forced);
            }
            try {
                Path cpuinfo = Path.of("/proc/cpuinfo");
                if (!Files.isReadable(cpuinfo)) {
                    return false;
                }
                try (var lines = Files.lines(cpuinfo)) {
                    return lines.filter(l -> l.toLowerCase(Locale.ROOT).startsWith("flags")).findFirst()
                            .map(l -> l.contains(" amx_bf16") || l.contains(" avx512_bf16")).orElse(false);
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }
}
