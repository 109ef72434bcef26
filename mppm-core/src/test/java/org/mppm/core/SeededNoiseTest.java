package org.mppm.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeededNoiseTest {

    @Test
    void theSameSeedGivesTheSameSequenceOfArrays() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise a = new SeededNoise(11);
            SeededNoise b = new SeededNoise(11);
            Shape s = new Shape(3, 5);
            assertArrayEquals(a.nextNormal(nd, s, DataType.FLOAT32, 0.5).toFloatArray(), b.nextNormal(nd, s, DataType.FLOAT32, 0.5).toFloatArray());
            assertArrayEquals(a.nextUniform(nd, s, DataType.FLOAT64, -1, 2).toDoubleArray(),
                    b.nextUniform(nd, s, DataType.FLOAT64, -1, 2).toDoubleArray());
            assertArrayEquals(a.nextIntegers(nd, s, 1, 9).toLongArray(), b.nextIntegers(nd, s, 1, 9).toLongArray());
            assertArrayEquals(a.nextBernoulli(nd, s, DataType.FLOAT32, 0.3).toFloatArray(),
                    b.nextBernoulli(nd, s, DataType.FLOAT32, 0.3).toFloatArray());
            assertFalse(Arrays.equals(a.nextNormals(8, 1), new SeededNoise(12).nextNormals(8, 1)), "another seed, other numbers");
        }
    }

    @Test
    void drawsHaveTheirDistributionsShapesAndTypes() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise random = new SeededNoise(3);
            int n = 200_000;
            NDArray normal = random.nextNormal(nd, new Shape(n), DataType.FLOAT32, 2);
            assertEquals(DataType.FLOAT32, normal.getDataType());
            assertEquals(0, normal.mean().getFloat(), 0.03);
            assertEquals(4, normal.square().mean().getFloat(), 0.06);
            NDArray uniform = random.nextUniform(nd, new Shape(n), DataType.FLOAT64, -1, 3);
            assertEquals(DataType.FLOAT64, uniform.getDataType());
            assertTrue(uniform.min().getDouble() >= -1 && uniform.max().getDouble() < 3);
            assertEquals(1, uniform.mean().getDouble(), 0.02);
            long[] k = random.nextIntegers(nd, new Shape(n), 1, 5).toLongArray();
            assertEquals(1, Arrays.stream(k).min().getAsLong());
            assertEquals(4, Arrays.stream(k).max().getAsLong());
            NDArray mask = random.nextBernoulli(nd, new Shape(2, n / 2), DataType.FLOAT32, 0.8);
            assertEquals(new Shape(2, n / 2), mask.getShape());
            assertEquals(0.8, mask.mean().getFloat(), 0.005);
            assertEquals(n, mask.eq(0).logicalOr(mask.eq(1)).sum().toType(DataType.INT64, false).getLong());
        }
    }

    /** The arrays are engine-owned: they survive the host buffers and keep their values. */
    @Test
    void arraysDoNotReadTheHostBuffer() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise random = new SeededNoise(5);
            NDArray x = random.nextNormal(nd, new Shape(1000), DataType.FLOAT32, 1);
            float[] before = x.toFloatArray();
            for (int i = 0; i < 20; i++) {
                random.nextNormal(nd, new Shape(1000), DataType.FLOAT32, 1).close();
            }
            System.gc();
            assertArrayEquals(before, x.toFloatArray());
        }
    }

    @Test
    void badArgumentsAreNamed() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise random = new SeededNoise(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> random.nextBernoulli(nd, new Shape(2), DataType.FLOAT32, 1.5));
            assertTrue(e.getMessage().contains("1.5"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> random.nextIntegers(nd, new Shape(2), 3, 3));
            assertTrue(e.getMessage().contains("[3, 3)"), e.getMessage());
        }
    }
}
