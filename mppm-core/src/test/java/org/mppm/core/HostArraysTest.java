package org.mppm.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class HostArraysTest {

    @Test
    void convertNeverSharesStorageWithItsSource() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
                NDArray source = manager.create(new double[] {1, 2, 3});
                NDArray copy = HostArrays.convert(source, type);
                source.set(new NDIndex(0), 42.0);
                assertEquals(1.0, copy.toType(DataType.FLOAT64, false).getDouble(0), type.toString());
                source.close();
            }
        }
    }

    @Test
    void seededFloat64NoiseSurvivesLaterAllocations() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray noise = SeededNoise.normal(manager, new Shape(1000, 2), DataType.FLOAT64, 3);
            double[] before = noise.toDoubleArray();
            for (int i = 0; i < 200; i++) {
                manager.create(new double[2000]).close();
            }
            System.gc();
            assertArrayEquals(before, noise.toDoubleArray());
        }
    }
}
