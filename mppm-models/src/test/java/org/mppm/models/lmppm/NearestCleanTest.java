package org.mppm.models.lmppm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.mppm.models.data.MnistData;
import org.mppm.models.lmppm.NearestClean.Screening;

/** The nearest clean sample against a float64 search on the host, for every screening. */
class NearestCleanTest {

    /** The index of the nearest row by float64 squared distance, the lowest index on ties. */
    static long[] hostNearest(float[] clean, float[] queries, int p) {
        int n = clean.length / p;
        long[] out = new long[queries.length / p];
        for (int i = 0; i < out.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double d = 0;
                for (int k = 0; k < p; k++) {
                    double v = (double) queries[i * p + k] - clean[j * p + k];
                    d += v * v;
                }
                if (d < best) {
                    best = d;
                    out[i] = j;
                }
            }
        }
        return out;
    }

    static long[] search(NDManager nd, float[] clean, float[] queries, int p, Screening screening) {
        try (NearestClean index = new NearestClean(nd.create(clean, new Shape(clean.length / p, p)), screening)) {
            return index.nearestIndex(nd.create(queries, new Shape(queries.length / p, p))).toLongArray();
        }
    }

    /**
     * Random clean sets, signed or nonnegative, with exact duplicates and queries on, near and far
     * from them: every screening finds the host's nearest row (the lowest index on ties).
     */
    @Property(tries = 25)
    void everyScreeningFindsTheExactNearestRow(@ForAll @IntRange(min = 1, max = 40) int p,
            @ForAll @IntRange(min = 1, max = 700) int n, @ForAll @IntRange(min = 0, max = 3) int kind,
            @ForAll @IntRange(min = 0, max = 10_000) int seed) {
        Random random = new Random(seed);
        float[] clean = new float[n * p];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = switch (kind) {
                case 0 -> (float) random.nextGaussian();
                case 1 -> random.nextFloat();
                case 2 -> (float) (1e4 * random.nextGaussian());
                default -> random.nextInt(3) / 2f; // few distinct values: many exact ties
            };
        }
        if (n > 3) {
            System.arraycopy(clean, 0, clean, (n - 1) * p, p); // the last row duplicates the first
        }
        int b = 1 + random.nextInt(20);
        float[] queries = new float[b * p];
        for (int i = 0; i < b; i++) {
            int source = random.nextInt(n);
            double noise = random.nextInt(3) * 0.3;
            for (int k = 0; k < p; k++) {
                float v = clean[source * p + k] + (float) (noise * random.nextGaussian() * (kind == 2 ? 1e4 : 1));
                queries[i * p + k] = kind == 1 || kind == 3 ? Math.max(0, v) : v;
            }
        }
        long[] expected = hostNearest(clean, queries, p);
        try (NDManager nd = NDManager.newBaseManager()) {
            for (Screening screening : new Screening[] {Screening.BFLOAT16, Screening.FLOAT32}) {
                assertArrayEquals(expected, search(nd, clean, queries, p, screening), screening + ", kind " + kind);
            }
        }
    }

    @Test
    void noisyMnistDigitsFindTheirNearestDigitWithBfloat16Screening() {
        MnistData mnist = MnistData.embedded();
        Random random = new Random(5);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray digits = mnist.train().images(nd).toType(DataType.FLOAT32, false);
            int n = (int) digits.getShape().get(0);
            int p = 784;
            float[] clean = digits.reshape(n, p).toFloatArray();
            float[] queries = new float[48 * p];
            for (int i = 0; i < 48; i++) {
                int source = random.nextInt(n);
                for (int k = 0; k < p; k++) {
                    queries[i * p + k] = (float) Math.min(1, Math.max(0, clean[source * p + k] + 0.4 * random.nextGaussian()));
                }
            }
            long[] expected = hostNearest(clean, queries, p);
            NDArray q = nd.create(queries, new Shape(48, 1, 28, 28));
            for (Screening screening : Screening.values()) {
                try (NearestClean index = new NearestClean(digits, screening)) {
                    assertArrayEquals(expected, index.nearestIndex(q).toLongArray(), screening.toString());
                    if (screening == Screening.BFLOAT16) {
                        assertEquals(Screening.BFLOAT16, index.screening(), "noisy digits keep narrow bfloat16 windows");
                    }
                }
            }
        }
    }

    @Test
    void severalChunksAndTiesAcrossThemGiveTheLowestIndex() {
        // 40,000 rows: three screening chunks of 16,384 and five product chunks of 8,192
        int n = 40_000;
        int p = 3;
        Random random = new Random(2);
        float[] clean = new float[n * p];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = random.nextFloat();
        }
        System.arraycopy(clean, 7 * p, clean, 33_000 * p, p); // rows 7 and 33,000 are equal
        int[] targets = {7, 16_383, 16_384, 33_000, 39_999};
        float[] queries = new float[targets.length * p];
        for (int i = 0; i < targets.length; i++) {
            for (int k = 0; k < p; k++) {
                queries[i * p + k] = clean[targets[i] * p + k] + 1e-5f * (k + 1);
            }
        }
        long[] expected = hostNearest(clean, queries, p);
        assertEquals(7, expected[3]);
        try (NDManager nd = NDManager.newBaseManager()) {
            for (Screening screening : Screening.values()) {
                assertArrayEquals(expected, search(nd, clean, queries, p, screening), screening.toString());
            }
        }
    }

    @Test
    void aCleanSetOfEqualRowsIsDecidedByExactDistancesInSlices() {
        // every row but the last is the same point: each query keeps 30,000 candidates, 3 million
        // (row, candidate) pairs in all, whose distances are taken in slices
        int n = 30_001;
        int p = 2;
        float[] clean = new float[n * p];
        java.util.Arrays.fill(clean, 0.5f);
        clean[(n - 1) * p] = 0.9f;
        float[] queries = new float[100 * p];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = i % 7 == 0 ? 0.9f : 0.45f;
        }
        queries[0] = 0.9f;
        queries[1] = 0.5f; // equally far from 0.5 and 0.9 in the first coordinate, nearer 0.5 in the second
        long[] expected = hostNearest(clean, queries, p);
        try (NDManager nd = NDManager.newBaseManager()) {
            for (Screening screening : Screening.values()) {
                assertArrayEquals(expected, search(nd, clean, queries, p, screening), screening.toString());
            }
            try (NearestClean index = new NearestClean(nd.create(clean, new Shape(n, p)), Screening.BFLOAT16)) {
                NDArray q = nd.create(queries, new Shape(queries.length / p, p));
                assertArrayEquals(expected, index.nearestIndex(q).toLongArray());
                assertEquals(Screening.FLOAT32, index.screening(), "windows as wide as the clean set: float32 from now on");
                assertArrayEquals(expected, index.nearestIndex(q).toLongArray());
            }
        }
    }

    @Test
    void autoScreensInBfloat16WhereTheCpuMultipliesIt() throws Exception {
        java.nio.file.Path cpuinfo = java.nio.file.Path.of("/proc/cpuinfo");
        String forced = System.getProperty("mppm.nearest.bfloat16");
        boolean bfloat16 = forced != null ? Boolean.parseBoolean(forced)
                : java.nio.file.Files.isReadable(cpuinfo) && java.nio.file.Files.readAllLines(cpuinfo).stream()
                        .anyMatch(l -> l.startsWith("flags") && (l.contains(" amx_bf16") || l.contains(" avx512_bf16")));
        try (NDManager nd = NDManager.newBaseManager(); NearestClean index = new NearestClean(nd.ones(new Shape(5, 2)))) {
            assertEquals(bfloat16 ? Screening.BFLOAT16 : Screening.PRODUCT, index.screening());
        }
    }

    @Test
    void threadsSharingOneIndexGetTheSequentialAnswers() throws Exception {
        Random random = new Random(9);
        int n = 3000;
        int p = 50;
        float[] clean = new float[n * p];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = random.nextFloat();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (NDManager nd = NDManager.newBaseManager(); NearestClean index = new NearestClean(nd.create(clean, new Shape(n, p)))) {
            List<NDArray> queries = new ArrayList<>();
            List<long[]> sequential = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                NDArray q = nd.create(clean, new Shape(n, p)).get(nd.create(random.longs(64, 0, n).toArray()))
                        .add(nd.randomNormal(0, 0.2f, new Shape(64, p), DataType.FLOAT32)).clip(0, 1);
                queries.add(q);
                sequential.add(index.nearestIndex(q).toLongArray());
            }
            List<Future<long[]>> parallel = new ArrayList<>();
            for (NDArray q : queries) {
                parallel.add(pool.submit(() -> {
                    try (NDManager scope = nd.newSubManager()) {
                        NDArray mine = q.duplicate();
                        mine.attach(scope);
                        return index.nearestIndex(mine).toLongArray();
                    }
                }));
            }
            for (int t = 0; t < queries.size(); t++) {
                assertArrayEquals(sequential.get(t), parallel.get(t).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badQueriesAndCleanSetsAreRefusedWithTheirValue() {
        try (NDManager nd = NDManager.newBaseManager(); NearestClean index = new NearestClean(nd.ones(new Shape(4, 1, 3)))) {
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> index.nearestIndex(nd.ones(new Shape(2, 4))));
            assertTrue(shape.getMessage().contains("[B, 1, 3]") && shape.getMessage().contains("(2, 4)"), shape.getMessage());
            NDArray nan = nd.create(new float[] {0, Float.NaN, 1}, new Shape(1, 1, 3));
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> index.nearestIndex(nan));
            assertTrue(bad.getMessage().contains("NaN"), bad.getMessage());
            try (NearestClean product = new NearestClean(nd.ones(new Shape(4, 1, 3)), NearestClean.Screening.PRODUCT)) {
                IllegalArgumentException badProduct = assertThrows(IllegalArgumentException.class, () -> product.nearestIndex(nan));
                assertTrue(badProduct.getMessage().contains("NaN"), badProduct.getMessage());
            }
            IllegalArgumentException cleanNan = assertThrows(IllegalArgumentException.class,
                    () -> new NearestClean(nd.create(new float[] {0, Float.POSITIVE_INFINITY}, new Shape(2, 1))));
            assertTrue(cleanNan.getMessage().contains("clean samples"), cleanNan.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new NearestClean(nd.ones(new Shape(0, 3))));
        }
    }
}
