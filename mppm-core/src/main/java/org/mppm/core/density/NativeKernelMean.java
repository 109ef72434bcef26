package org.mppm.core.density;

import org.mppm.core.NativeLibrary;

/**
 * The kernel mean of Eq. 15 at one bandwidth as one native pass over the codes (mppm-core's
 * {@code libmppm-kernels}, built from {@code src/main/c} for Linux x86-64 CPUs with AVX2 and FMA):
 * for each query the logits {@code [z, 1] L} ({@code L = [S^T / h^2; -|s_a|^2 / (2 h^2)]},
 * {@code [d + 1, N]}), an online softmax over tiles of codes and the weighted sum of the codes, without
 * the {@code [B, N]} logits, weights and their three passes through memory of the engine's form.
 *
 * <p>Float32 only. Each query row is computed alone, in a fixed order, so its result depends neither on
 * the other rows of the call nor on threads. Weights below {@code exp(-(log N + 24))} of the running
 * largest are dropped: together they weigh less than {@code exp(-24)} of the largest, below float32's
 * rounding. Thread-safe to call; {@link #close()} frees the native copy of the codes.
 *
 * <p>Where the library or the CPU is missing, or {@code -Dmppm.native=false} is set, {@link #available()}
 * is false and {@link GaussianKernelDensity} uses the engine's operations.
 */
final class NativeKernelMean {
    /** Codes per padding unit of the native layout (the kernel's 16-code step). */
    private static final int CODE_STEP = 16;
    /** Coordinates accumulated at once by the kernel (KM_K in kernel_mean.h). */
    private static final int COORDINATE_STEP = 2;
    private static final String STATUS = load();

    private final int dimension;
    /** The codes in native memory (the kernel's layout), 0 once closed. */
    private volatile long handle;

    private NativeKernelMean(float[] logitRows, float[] codeRows, int dimension, int codes) {
        this.dimension = dimension;
        int paddedCodes = Math.addExact(codes, CODE_STEP - 1) / CODE_STEP * CODE_STEP;
        int paddedDimension = (dimension + COORDINATE_STEP - 1) / COORDINATE_STEP * COORDINATE_STEP;
        // [d + 1, paddedCodes]: the logit codes, padding codes with bias -inf
        float[] lt = new float[(dimension + 1) * paddedCodes];
        for (int k = 0; k <= dimension; k++) {
            System.arraycopy(logitRows, k * codes, lt, k * paddedCodes, codes);
        }
        java.util.Arrays.fill(lt, dimension * paddedCodes + codes, (dimension + 1) * paddedCodes, Float.NEGATIVE_INFINITY);
        // [paddedDimension, paddedCodes]: the codes transposed, zero padding
        float[] ct = new float[paddedDimension * paddedCodes];
        for (int a = 0; a < codes; a++) {
            for (int k = 0; k < dimension; k++) {
                ct[k * paddedCodes + a] = codeRows[a * dimension + k];
            }
        }
        this.handle = create(lt, ct, dimension, paddedCodes, paddedDimension);
        if (handle == 0) {
            throw new OutOfMemoryError("native kernel mean: no native memory for " + codes + " codes of dimension " + dimension);
        }
    }

    /**
     * The native form of a density's kernel mean.
     *
     * @param logitRows {@code [d + 1, N]} row-major, {@code [S^T / h^2; -|s_a|^2 / (2 h^2)]}
     * @param codeRows  {@code [N, d]} row-major, the codes S
     */
    static NativeKernelMean of(float[] logitRows, float[] codeRows, int dimension, int codes) {
        if (!available()) {
            throw new IllegalStateException("native kernels are not available: " + STATUS);
        }
        if (!fits(dimension, codes)) {
            throw new IllegalArgumentException("codes [" + codes + ", " + dimension + "] are too many for the native kernel mean");
        }
        if (logitRows.length != (long) (dimension + 1) * codes || codeRows.length != (long) dimension * codes) {
            throw new IllegalArgumentException("logit codes must be [" + (dimension + 1) + ", " + codes + "] and codes ["
                    + codes + ", " + dimension + "], got " + logitRows.length + " and " + codeRows.length + " values");
        }
        return new NativeKernelMean(logitRows, codeRows, dimension, codes);
    }

    /**
     * Whether codes of this size fit the native layout: each of its two padded copies of the codes is
     * built in one Java array (at most 2^29 floats here).
     */
    static boolean fits(int dimension, long codes) {
        long padded = (codes + CODE_STEP - 1) / CODE_STEP * CODE_STEP;
        long rows = Math.max(dimension + 1L, (dimension + COORDINATE_STEP - 1L) / COORDINATE_STEP * COORDINATE_STEP);
        return dimension >= 1 && codes >= 1 && rows * padded * Float.BYTES <= Integer.MAX_VALUE;
    }

    /** Whether the native kernel mean runs here: the library loaded and the CPU has AVX2 and FMA. */
    static boolean available() {
        return STATUS.equals("avx2+fma");
    }

    /** {@code avx2+fma} where the native kernels run, else why not (for reports). */
    static String status() {
        return STATUS;
    }

    /**
     * The kernel means of {@code rows} queries.
     *
     * @param z {@code [rows, d]} row-major, finite
     * @return {@code [rows, d]} row-major
     */
    float[] mean(float[] z, int rows) {
        if (rows < 0 || z.length != (long) rows * dimension) {
            throw new IllegalArgumentException("z must hold " + rows + " x " + dimension + " values, got " + z.length);
        }
        long codes = handle;
        if (codes == 0) {
            throw new IllegalStateException("native kernel mean is closed");
        }
        float[] out = new float[z.length];
        if (rows == 0) {
            return out;
        }
        if (kernelMean(codes, z, rows, out) != 0) {
            throw new OutOfMemoryError("native kernel mean: no native memory for " + rows + " queries");
        }
        return out;
    }

    /**
     * Frees the native copy of the codes. The caller guarantees that no {@link #mean} is in flight
     * ({@link GaussianKernelDensity} closes it inside its close guard); later calls fail cleanly.
     */
    void close() {
        if (handle != 0) {
            release(handle);
            handle = 0;
        }
    }

    /** Returns {@code avx2+fma}, or why the native path is off. */
    private static String load() {
        if (!NativeLibrary.loaded()) {
            return NativeLibrary.status();
        }
        return supported() ? "avx2+fma" : "CPU lacks AVX2 or FMA";
    }

    private static native boolean supported();

    private static native long create(float[] logitCodes, float[] transposedCodes, int d, int paddedCodes, int paddedDimension);

    private static native void release(long handle);

    private static native int kernelMean(long handle, float[] z, int rows, float[] out);
}
