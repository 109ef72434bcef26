package org.mppm.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class AxisOperatorTest {

    @Test
    void paddingRulesMatchTorchAndScipy() {
        // signal a b c d (n = 4): REFLECT c b | a b c d | c b, SYMMETRIC b a | a b c d | d c
        assertEquals(2, Padding.REFLECT.source(-2, 4));
        assertEquals(1, Padding.REFLECT.source(-1, 4));
        assertEquals(2, Padding.REFLECT.source(4, 4));
        assertEquals(1, Padding.SYMMETRIC.source(-2, 4));
        assertEquals(0, Padding.SYMMETRIC.source(-1, 4));
        assertEquals(3, Padding.SYMMETRIC.source(4, 4));
        assertEquals(-1, Padding.ZERO.source(4, 4));
    }

    @Test
    void gaussianKernelSizesFollowTheirConventions() {
        assertEquals(11, GaussianKernel.truncated(1.5, 3.5).length);
        assertEquals(9, GaussianKernel.torchvision(1.1).length); // int(9.8) = 9
        assertEquals(19, GaussianKernel.torchvision(2.3).length); // int(19.4) = 19
        assertEquals(17, GaussianKernel.torchvision(2.0).length); // 17 already odd
        assertEquals(9, GaussianKernel.truncated(1.0, 4.0).length);
    }

    @Test
    void filterRowsSumToOneAndValidShrinks() {
        AxisOperator f = AxisOperator.filter(GaussianKernel.truncated(1.5, 3.5), 20, Padding.VALID);
        assertEquals(10, f.out());
        AxisOperator r = AxisOperator.filter(GaussianKernel.torchvision(1.1), 28, Padding.REFLECT);
        for (int o = 0; o < r.out(); o++) {
            double sum = 0;
            for (int i = 0; i < r.in(); i++) {
                sum += r.get(o, i);
            }
            assertEquals(1.0, sum, 1e-12);
        }
    }

    @Test
    void resizeMatchesPytorchBilinearHalfScale() {
        // 4 -> 2, align_corners=False: src = 2 o + 0.5 -> mean of pairs
        AxisOperator r = AxisOperator.resize(4, 2);
        assertEquals(0.5, r.get(0, 0), 1e-12);
        assertEquals(0.5, r.get(0, 1), 1e-12);
        assertEquals(0.5, r.get(1, 2), 1e-12);
        // 2 -> 4: src = (o + 0.5)/2 - 0.5 = -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped edge)
        AxisOperator u = AxisOperator.resize(2, 4);
        assertEquals(1.0, u.get(0, 0), 1e-12);
        assertEquals(0.75, u.get(1, 0), 1e-12);
        assertEquals(0.25, u.get(2, 0), 1e-12);
        assertEquals(1.0, u.get(3, 1), 1e-12);
    }

    @Test
    void separableApplicationBroadcastsOverBatchAndChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.hashed(m, 2, 3, 5, 6, 1);
            AxisOperator rows = AxisOperator.resize(5, 3);
            AxisOperator cols = AxisOperator.filter(new double[] {0.25, 0.5, 0.25}, 6, Padding.SYMMETRIC);
            NDArray y = AxisOperator.applySeparable(m, x, rows, cols);
            assertEquals(new Shape(2, 3, 3, 6), y.getShape());
            float[] xv = x.toFloatArray();
            float[] yv = y.toFloatArray();
            for (int bc = 0; bc < 6; bc++) {
                for (int o = 0; o < 3; o++) {
                    for (int q = 0; q < 6; q++) {
                        double expect = 0;
                        for (int i = 0; i < 5; i++) {
                            for (int j = 0; j < 6; j++) {
                                expect += rows.get(o, i) * xv[bc * 30 + i * 6 + j] * cols.get(q, j);
                            }
                        }
                        assertEquals(expect, yv[bc * 18 + o * 6 + q], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void warpWithZeroDisplacementIsIdentityAndOnePixelShiftFillsZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.hashed(m, 2, 1, 4, 5, 3);
            NDArray zero = m.zeros(new Shape(2, 2, 4, 5));
            assertArrayEquals(x.toFloatArray(), BilinearWarp.warp(m, x, zero).toFloatArray(), 1e-6f);
            NDArray right = m.zeros(new Shape(2, 2, 4, 5)).add(m.create(new float[] {1f, 0f}, new Shape(1, 2, 1, 1)));
            float[] xv = x.toFloatArray();
            float[] yv = BilinearWarp.warp(m, x, right).toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(xv[i * 5 + 1], yv[i * 5], 1e-6f);
                assertEquals(0f, yv[i * 5 + 4], 1e-6f); // reads column 5: outside, zero fill
            }
            NDArray half = m.zeros(new Shape(2, 2, 4, 5)).add(m.create(new float[] {0.5f, 0f}, new Shape(1, 2, 1, 1)));
            float[] hv = BilinearWarp.warp(m, x, half).toFloatArray();
            assertEquals((xv[0] + xv[1]) / 2, hv[0], 1e-6f);
        }
    }

    @Test
    void checksNameTheValueAndTheExpectation() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImageBatch.requireUnitRange(m.create(new float[] {0.5f, 1.5f}, new Shape(1, 1, 1, 2)), "images"));
            assertEquals("images must lie in [0, 1], got min 0.5, max 1.5 (shape (1, 1, 1, 2))", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> ImageBatch.requireUnitRange(m.create(new float[] {Float.NaN, 0f}, new Shape(1, 1, 1, 2)), "images"));
            assertEquals("images must be finite, but contains NaN (shape (1, 1, 1, 2))", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> ImageBatch.requireShape(m.zeros(new Shape(3, 28, 28)), "images"));
            assertEquals("images must be an image batch [B, C, H, W]; got shape (3, 28, 28)", e.getMessage());
        }
    }
}
