package org.mppm.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ChecksTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void dataMustBeFiniteAndOfBoundedMagnitude() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertDoesNotThrow(() -> Checks.requireData("x", m.create(new float[] {-1e12f, 3f}, new Shape(1, 2))));
            assertDoesNotThrow(() -> Checks.requireData("x", m.zeros(new Shape(0, 2))));
            assertEquals("x must be finite, but contains NaN (shape (1, 2))",
                    message(() -> Checks.requireData("x", m.create(new float[] {1f, Float.NaN}, new Shape(1, 2)))));
            assertEquals("x must be finite, but contains infinity (shape (1, 2))",
                    message(() -> Checks.requireData("x", m.create(new float[] {Float.NEGATIVE_INFINITY, 0f}, new Shape(1, 2)))));
            assertTrue(message(() -> Checks.requireData("x", m.create(new float[] {1e20f, 0f}, new Shape(1, 2))))
                    .startsWith("x must have entries of magnitude <= 1.0E12"));
            assertEquals("x must be floating point (float32 or float64), got int32",
                    message(() -> Checks.requireData("x", m.create(new int[] {1, 2}, new Shape(1, 2)))));
        }
    }

    @Test
    void imagesMustLieInTheUnitIntervalUpToTheTolerance() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertDoesNotThrow(() -> Checks.requireUnitInterval("x", m.create(new float[] {-0.0005f, 1.0005f}, new Shape(1, 2))));
            assertEquals("x must lie in [0, 1], got min 0.0, max 255.0; divide by 255 (shape (1, 2))",
                    message(() -> Checks.requireUnitInterval("x", m.create(new float[] {0f, 255f}, new Shape(1, 2)))));
            assertEquals("x must lie in [0, 1], got min -0.5, max 0.5 (shape (1, 2))",
                    message(() -> Checks.requireUnitInterval("x", m.create(new float[] {-0.5f, 0.5f}, new Shape(1, 2)))));
            assertEquals("x must be finite, but contains NaN (shape (1, 2))",
                    message(() -> Checks.requireUnitInterval("x", m.create(new float[] {Float.NaN, 0.5f}, new Shape(1, 2)))));
        }
    }

    @Test
    void theModelsElementTypeIsRequiredWhereModelsRun() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray wide = m.zeros(new Shape(1, 2), DataType.FLOAT64);
            assertEquals("x must be float32, got float64; convert with toType(DataType.FLOAT32, false)",
                    message(() -> Checks.requireDataType("x", wide, DataType.FLOAT32)));
        }
    }

    @Test
    void valueChecksAreOffOnlyInsideACheckedStateOfThisThread() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray bad = m.create(new float[] {1, Float.NaN}, new Shape(1, 2));
            try (Checks.CheckedState outer = Checks.checkedState()) {
                assertDoesNotThrow(() -> Checks.requireData("x", bad));
                try (Checks.CheckedState inner = Checks.checkedState()) {
                    assertDoesNotThrow(() -> Checks.requireFinite("x", bad));
                }
                assertDoesNotThrow(() -> Checks.requireUnitInterval("x", bad), "still inside the outer state");
                assertThrows(IllegalArgumentException.class, () -> Checks.requireDataType("x", bad, DataType.FLOAT64),
                        "type checks still run");
                Throwable[] other = new Throwable[1];
                Thread t = new Thread(() -> other[0] = org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class, () -> Checks.requireData("x", bad)));
                t.start();
                t.join();
                assertTrue(other[0] != null && other[0].getMessage().contains("NaN"), "another thread still checks");
                outer.close();
                outer.close(); // closing twice turns the checks on once
            }
            assertThrows(IllegalArgumentException.class, () -> Checks.requireData("x", bad));
        }
    }
}
