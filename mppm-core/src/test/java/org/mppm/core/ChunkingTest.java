package org.mppm.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChunkingTest {

    /** A stochastic per-row restorer: x + 0.1 * noise of the row's own seed; records the row counts it saw. */
    private static final class NoisyRestorer implements Restorer {
        final List<Long> rowsSeen = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public NDArray restoreRows(NDArray degraded, long firstSample) {
            rowsSeen.add(degraded.getShape().get(0));
            SampleSeeds seeds = SampleSeeds.of(42, firstSample, degraded);
            return Scopes.scoped(degraded, x -> x.add(
                    seeds.normal(x.getManager(), x.getShape().slice(1), x.getDataType(), 3).muli(0.1)));
        }
    }

    /** Row i of the samples is i plus its own noise: a sampler whose rows name themselves. */
    private static final Sampler INDEXED = (manager, seed, first, count) -> {
        SampleSeeds seeds = new SampleSeeds(seed, first, count);
        NDArray index = manager.arange(first, first + count).toType(DataType.FLOAT32, false).reshape(count, 1);
        NDArray noise = seeds.normal(manager, new Shape(2), DataType.FLOAT32, 0);
        return noise.addi(index.mul(10));
    };

    @Property(tries = 30)
    void aRestorationIsTheSameForEveryChunkSize(@ForAll @IntRange(min = 1, max = 70) int batch,
            @ForAll @IntRange(min = 1, max = 80) int chunk) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = SeededNoise.normal(nd, new Shape(batch, 3), DataType.FLOAT32, batch);
            NDArray whole = new NoisyRestorer().restore(x, Chunking.of(1000));
            NoisyRestorer chunked = new NoisyRestorer();
            NDArray inChunks = chunked.restore(x, Chunking.of(chunk));
            assertTrue(whole.contentEquals(inChunks), "chunk " + chunk + " of " + batch);
            assertEquals(new Shape(batch, 3), inChunks.getShape());
            assertTrue(chunked.rowsSeen.stream().allMatch(r -> r % Chunking.ROW_BLOCK == 0), chunked.rowsSeen.toString());
            assertEquals(nd, inChunks.getManager());
        }
    }

    @Property(tries = 20)
    void parallelChunksGiveTheSameBitsAsOneThread(@ForAll @IntRange(min = 1, max = 200) int batch,
            @ForAll @IntRange(min = 1, max = 80) int chunk, @ForAll @IntRange(min = 2, max = 5) int threads) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = SeededNoise.normal(nd, new Shape(batch, 3), DataType.FLOAT32, batch);
            NDArray whole = new NoisyRestorer().restore(x, Chunking.of(1000));
            NoisyRestorer parallel = new NoisyRestorer();
            NDArray inParallel = parallel.restore(x, Chunking.of(chunk).withThreads(threads));
            assertTrue(whole.contentEquals(inParallel), "chunk " + chunk + ", " + threads + " threads, batch " + batch);
            assertTrue(parallel.rowsSeen.stream().allMatch(r -> r % Chunking.ROW_BLOCK == 0), parallel.rowsSeen.toString());
            assertEquals(nd, inParallel.getManager());
            NDArray samples = INDEXED.sample(nd, batch, 5, Chunking.of(1000));
            assertTrue(samples.contentEquals(INDEXED.sample(nd, batch, 5, Chunking.of(chunk).withThreads(threads))));
        }
    }

    /** A job smaller than one chunk is still split so that every thread has rows (whole row blocks). */
    @Test
    void aSmallJobIsSplitAcrossTheThreads() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NoisyRestorer restorer = new NoisyRestorer();
            restorer.restore(nd.zeros(new Shape(256, 2)), Chunking.of(256).withThreads(2)).close();
            assertEquals(List.of(128L, 128L), restorer.rowsSeen);
        }
    }

    /** A chunk that fails fails the job with its own exception; nothing the job made stays behind. */
    @Test
    void aFailingChunkFailsTheParallelJobAndLeavesNothingBehind() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.zeros(new Shape(64, 2));
            int before = nd.getManagedArrays().size();
            Restorer failsOnThird = (degraded, first) -> {
                if (first == 32) {
                    throw new IllegalStateException("model closed");
                }
                return degraded.add(1);
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> failsOnThird.restore(x, Chunking.of(16).withThreads(3)));
            assertEquals("model closed", e.getMessage());
            assertEquals(before, nd.getManagedArrays().size());
        }
    }

    @Property(tries = 20)
    void aPartRestoredFromItsFirstSampleEqualsThoseRowsOfTheWholeJob(@ForAll @IntRange(min = 2, max = 60) int batch,
            @ForAll @IntRange(min = 0, max = 59) int from, @ForAll @IntRange(min = 1, max = 40) int chunk) {
        int first = from % (batch - 1);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = SeededNoise.normal(nd, new Shape(batch, 3), DataType.FLOAT32, batch);
            NDArray whole = new NoisyRestorer().restore(x, Chunking.of(64));
            NDArray part = new NoisyRestorer().restore(x.get("{}:", first), first, Chunking.of(chunk));
            assertTrue(whole.get("{}:", first).contentEquals(part), "rows " + first + ".. of " + batch + ", chunk " + chunk);
            assertThrows(IllegalArgumentException.class, () -> new NoisyRestorer().restore(x, -1, Chunking.of(chunk)));
        }
    }

    @Test
    void theInputIsNeitherChangedNorMovedAndNoTemporaryOutlivesTheCall() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = SeededNoise.normal(nd, new Shape(21, 2, 2), DataType.FLOAT32, 5);
            NDArray before = x.duplicate();
            int arrays = nd.getManagedArrays().size();
            NDArray out = new NoisyRestorer().restore(x, Chunking.of(8));
            assertEquals(arrays + 1, nd.getManagedArrays().size(), "only the result is new");
            assertTrue(before.contentEquals(x));
            assertEquals(nd, x.getManager());
            assertNotEquals(0, out.sub(x).abs().sum().getFloat());
        }
    }

    @Property(tries = 20)
    void samplesAreTheSameForEveryChunkSizeAndTheFirstKAreTheKSamples(@ForAll @IntRange(min = 1, max = 60) int count,
            @ForAll @IntRange(min = 1, max = 70) int chunk) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray all = INDEXED.sample(nd, count, 9, Chunking.of(chunk));
            assertEquals(new Shape(count, 2), all.getShape());
            assertTrue(all.contentEquals(INDEXED.sample(nd, count, 9, Chunking.of(64))));
            NDArray firstRow = INDEXED.sample(nd, 1, 9);
            assertTrue(firstRow.contentEquals(all.get("0:1")));
            assertTrue(all.get(":, 0").sub(nd.arange(count).toType(DataType.FLOAT32, false).mul(10)).abs().max().getFloat() < 6);
            assertNotEquals(0f, INDEXED.sample(nd, count, 10).sub(all).abs().sum().getFloat(), "another seed, other samples");
        }
    }

    @Test
    void progressCountsSamplesChunkByChunk() {
        List<Long> steps = new ArrayList<>();
        long[] max = new long[1];
        boolean[] ended = new boolean[1];
        Progress progress = new Progress() {
            @Override
            public void reset(String message, long total, String trailing) {
                max[0] = total;
            }

            @Override
            public void start(long initial) {}

            @Override
            public void end() {
                ended[0] = true;
            }

            @Override
            public void increment(long n) {
                steps.add(n);
            }

            @Override
            public void update(long p, String message) {}
        };
        try (NDManager nd = NDManager.newBaseManager()) {
            new NoisyRestorer().restore(nd.zeros(new Shape(50, 1)), Chunking.of(20).withProgress(progress));
        }
        assertEquals(50, max[0]);
        assertEquals(List.of(20L, 20L, 10L), steps);
        assertTrue(ended[0]);
    }

    @Test
    void badJobsAreRejectedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chunking.of(0));
        assertTrue(e.getMessage().contains("chunk size"), e.getMessage());
        try (NDManager nd = NDManager.newBaseManager()) {
            e = assertThrows(IllegalArgumentException.class, () -> INDEXED.sample(nd, 0, 1));
            assertTrue(e.getMessage().contains("count"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new NoisyRestorer().restore(nd.create(1f)));
            assertTrue(e.getMessage().contains("degraded"), e.getMessage());
            Restorer pointsOf3 = (x, first) -> {
                Checks.requirePoints("x", x, 3);
                return x.duplicate();
            };
            e = assertThrows(IllegalArgumentException.class, () -> pointsOf3.restore(nd.zeros(new Shape(5, 2))));
            assertTrue(e.getMessage().contains("(5, 2)"), "the caller's shape, not the padded one: " + e.getMessage());
            IllegalStateException wrong = assertThrows(IllegalStateException.class,
                    () -> ((Restorer) (x, first) -> x.get("0:1").duplicate()).restore(nd.zeros(new Shape(3, 2))));
            assertTrue(wrong.getMessage().contains("returned"), wrong.getMessage());
        }
    }

    @Test
    void sampleSeedsDependOnlyOnSeedAndIndex() {
        SampleSeeds a = new SampleSeeds(7, 10, 5);
        SampleSeeds b = new SampleSeeds(7, 12, 3);
        assertEquals(a.rowSeed(2), b.rowSeed(0));
        assertArrayEquals(java.util.Arrays.copyOfRange(a.longs(4), 2, 5), b.longs(4));
        assertNotEquals(SampleSeeds.of(7, 0), SampleSeeds.of(8, 0));
        assertNotEquals(SampleSeeds.of(7, 0), SampleSeeds.of(7, 1));
    }
}
