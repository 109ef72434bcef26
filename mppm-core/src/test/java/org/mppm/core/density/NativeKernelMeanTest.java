package org.mppm.core.density;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The native kernel mean ({@link NativeKernelMean}, behind {@link GaussianKernelDensity#kernelMean}):
 * built and running on this machine, each row's bits independent of the rest of its call and of
 * threads, exact where the answer is known, and guarded against sizes it was not built for. Its
 * agreement with the float64 definition is in {@code GaussianKernelDensityTest}.
 */
class NativeKernelMeanTest {

    /** On a Linux x86-64 CPU with AVX2 and FMA the build must have produced a library that loads. */
    @Test
    void nativeKernelsRunWhereTheCpuHasAvx2AndFma() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")
                && Files.exists(cpuinfo));
        String flags = Files.readString(cpuinfo);
        assumeTrue(flags.contains(" avx2") && flags.contains(" fma"));
        assertEquals("avx2+fma", GaussianKernelDensity.nativeKernels());
        assertTrue(NativeKernelMean.available());
    }

    @Property(tries = 25)
    void eachRowIsComputedAloneSameBitsInAnyBatch(@ForAll @IntRange(min = 1, max = 40) int d,
            @ForAll @IntRange(min = 1, max = 3000) int n, @ForAll @IntRange(min = 1, max = 30) int rows,
            @ForAll @DoubleRange(min = 0.1, max = 4) double h, @ForAll long seed) {
        assumeTrue(NativeKernelMean.available());
        Random random = new Random(seed);
        float[] codes = gaussian(random, n * d, 1);
        float[] queries = gaussian(random, rows * d, 1.5f);
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(codes, new Shape(n, d)), h)) {
            assertTrue(kde.fusedKernelMean());
            float[] batch = kde.kernelMean(nd.create(queries, new Shape(rows, d))).toFloatArray();
            float[] reversed = new float[queries.length];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(queries, (rows - 1 - i) * d, reversed, i * d, d);
            }
            float[] backwards = kde.kernelMean(nd.create(reversed, new Shape(rows, d))).toFloatArray();
            for (int i = 0; i < rows; i++) {
                float[] alone = kde.kernelMean(nd.create(slice(queries, i, d), new Shape(1, d))).toFloatArray();
                assertArrayEquals(alone, slice(batch, i, d), "row " + i + " in its batch");
                assertArrayEquals(alone, slice(backwards, rows - 1 - i, d), "row " + i + " in another batch");
            }
        }
    }

    /** Far from every code the nearest keeps weight 1 and the others drop out: the mean is that code. */
    @Test
    void farQueriesGetTheNearestCodeAndTiesTheMidpoint() {
        assumeTrue(NativeKernelMean.available());
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(new float[][] {{0f, 0f}, {1f, 0f}, {0f, 3f}}), 0.5)) {
            assertTrue(kde.fusedKernelMean());
            float[] mean = kde.kernelMean(nd.create(new float[][] {{60f, 0f}, {0f, 90f}, {0.5f, -40f}})).toFloatArray();
            assertArrayEquals(new float[] {1f, 0f, 0f, 3f, 0.5f, 0f}, mean, 1e-6f);
        }
    }

    /** A query that carries a gradient is taken by the engine's form (the native pass has no backward). */
    @Test
    void queriesWithAGradientUseTheEngine() {
        assumeTrue(NativeKernelMean.available());
        Random random = new Random(3);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray codes = nd.create(gaussian(random, 500 * 6, 1), new Shape(500, 6));
            NDArray z = nd.create(gaussian(random, 8 * 6, 1), new Shape(8, 6));
            try (GaussianKernelDensity kde = GaussianKernelDensity.of(codes, 0.7);
                    GaussianKernelDensity engine = GaussianKernelDensity.of(codes, 0.7, GaussianKernelDensity.DEFAULT_CHUNK, false)) {
                assertFalse(engine.fusedKernelMean());
                float[] expected = engine.kernelMean(z).toFloatArray();
                z.setRequiresGradient(true);
                assertArrayEquals(expected, kde.kernelMean(z).toFloatArray());
            }
        }
    }

    @Test
    void onlyFloat32CodesAtAnOverflowFreeBandwidthAreFused() {
        try (NDManager nd = NDManager.newBaseManager()) {
            try (GaussianKernelDensity f64 = GaussianKernelDensity.of(nd.create(new double[][] {{0, 1}, {1, 0}}), 0.5)) {
                assertFalse(f64.fusedKernelMean());
            }
            // logits up to about 1e12 x 1e6 / 1e-16 could overflow float32: the chunked form, whatever the CPU
            try (GaussianKernelDensity huge = GaussianKernelDensity.of(nd.create(new float[][] {{1e6f, 0f}}), 1e-8)) {
                assertFalse(huge.fusedKernelMean());
            }
        }
    }

    @Test
    void sizesItWasNotBuiltForAreRefusedBeforeTheNativeCall() {
        assumeTrue(NativeKernelMean.available());
        NativeKernelMean kernel = NativeKernelMean.of(new float[3 * 5], new float[2 * 5], 2, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernel.mean(new float[5], 3));
        assertEquals("z must hold 3 x 2 values, got 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kernel.mean(new float[0], -1));
        assertEquals(0, kernel.mean(new float[0], 0).length);
        e = assertThrows(IllegalArgumentException.class, () -> NativeKernelMean.of(new float[14], new float[10], 2, 5));
        assertEquals("logit codes must be [3, 5] and codes [5, 2], got 14 and 10 values", e.getMessage());
    }

    /** Closing frees the native codes; later calls fail with the density's message, never natively. */
    @Test
    void closedDensitiesAndKernelsFailCleanly() {
        assumeTrue(NativeKernelMean.available());
        try (NDManager nd = NDManager.newBaseManager()) {
            GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(new float[][] {{0f, 1f}, {1f, 0f}}), 0.5);
            NDArray z = nd.create(new float[][] {{0.2f, 0.3f}});
            kde.kernelMean(z).close();
            kde.close();
            kde.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> kde.kernelMean(z));
            assertEquals("Gaussian kernel density is closed", e.getMessage());
        }
        NativeKernelMean kernel = NativeKernelMean.of(new float[] {0f, 0f, 0f}, new float[] {1f, 2f}, 2, 1);
        assertArrayEquals(new float[] {1f, 2f}, kernel.mean(new float[] {5f, 5f}, 1));
        kernel.close();
        kernel.close();
        assertEquals("native kernel mean is closed",
                assertThrows(IllegalStateException.class, () -> kernel.mean(new float[] {5f, 5f}, 1)).getMessage());
    }

    /** One density shared by four threads gives every thread the bits of a sequential call. */
    @Test
    void sharedByThreadsSameBitsAsSequential() throws Exception {
        assumeTrue(NativeKernelMean.available());
        Random random = new Random(5);
        int d = 18;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(gaussian(random, 2000 * d, 1), new Shape(2000, d)), 0.8)) {
            List<float[]> inputs = new ArrayList<>();
            List<float[]> sequential = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                float[] q = gaussian(random, 64 * d, 1);
                inputs.add(q);
                sequential.add(kde.kernelMean(nd.create(q, new Shape(64, d))).toFloatArray());
            }
            List<Future<float[]>> parallel = new ArrayList<>();
            for (float[] q : inputs) {
                parallel.add(pool.submit(() -> {
                    try (NDManager own = NDManager.newBaseManager()) {
                        return kde.kernelMean(own.create(q, new Shape(64, d))).toFloatArray();
                    }
                }));
            }
            for (int t = 0; t < inputs.size(); t++) {
                assertArrayEquals(sequential.get(t), parallel.get(t).get(), "call " + t);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static float[] gaussian(Random random, int count, float scale) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) random.nextGaussian() * scale;
        }
        return out;
    }

    private static float[] slice(float[] rows, int i, int d) {
        float[] out = new float[d];
        System.arraycopy(rows, i * d, out, 0, d);
        return out;
    }
}
