package org.mppm.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TrainTestSplitTest {

    @Test
    void splitsRowsByIndexKeepingOrderAndSeed() {
        try (NDManager m = NDManager.newBaseManager()) {
            // row i of the batch holds the value i everywhere
            NDArray batch = m.arange(10f).reshape(10, 1, 1, 1).repeat(1, 3).repeat(2, 2).repeat(3, 2);
            try (TrainTestSplit s = TrainTestSplit.of(batch, 3, 42)) {
                assertEquals(new Shape(7, 3, 2, 2), s.train().getShape());
                assertEquals(new Shape(3, 3, 2, 2), s.test().getShape());
                for (int k = 0; k < 3; k++) {
                    assertEquals(s.testIndices()[k], s.test().getFloat(k, 2, 1, 1));
                }
                for (int k = 0; k < 7; k++) {
                    assertEquals(s.trainIndices()[k], s.train().getFloat(k, 0, 0, 0));
                }
                TrainTestSplit again = TrainTestSplit.of(batch, 3, 42);
                assertArrayEquals(s.testIndices(), again.testIndices());
                again.close();
            }
            TrainTestSplit f = TrainTestSplit.ofFraction(batch, 0.25, 1);
            assertEquals(3, f.testCount()); // round(2.5) = 3
            assertEquals(7, f.trainCount());
            f.close();
        }
    }

    @Property(tries = 50)
    void indicesPartitionTheRows(@ForAll @IntRange(min = 2, max = 300) int n, @ForAll @IntRange(min = 1, max = 299) int t,
            @ForAll long seed) {
        int testCount = 1 + (t - 1) % (n - 1);
        int[][] parts = TrainTestSplit.indices(n, testCount, seed);
        assertEquals(testCount, parts[1].length);
        int[] all = IntStream.concat(Arrays.stream(parts[0]), Arrays.stream(parts[1])).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all);
        assertTrue(isAscending(parts[0]) && isAscending(parts[1]));
        assertArrayEquals(parts[1], TrainTestSplit.indices(n, testCount, seed)[1]);
    }

    @Test
    void differentSeedsChooseDifferentTestSets() {
        assertFalse(Arrays.equals(TrainTestSplit.indices(1000, 100, 1)[1], TrainTestSplit.indices(1000, 100, 2)[1]));
    }

    @Test
    void badInputsAreRejected() {
        assertEquals("test size must be in 1..4 for 5 rows; got 5",
                assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.indices(5, 5, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.indices(1, 1, 0));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray one = m.zeros(new Shape(1, 3, 2, 2));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.of(one, 1, 0)).getMessage()
                    .contains("(1, 3, 2, 2)"));
            NDArray four = m.zeros(new Shape(4, 2));
            assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.ofFraction(four, 1.0, 0));
            assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.ofFraction(four, Double.NaN, 0));
        }
    }

    private static boolean isAscending(int[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
