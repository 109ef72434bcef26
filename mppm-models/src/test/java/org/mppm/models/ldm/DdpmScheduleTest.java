package org.mppm.models.ldm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class DdpmScheduleTest {

    @Test
    void linearScheduleMatchesADirectComputation() {
        DdpmSchedule s = DdpmSchedule.linear(1e-4, 0.02, 2000);
        assertEquals(2000, s.steps());
        assertEquals(1e-4, s.beta(1), 1e-15);
        assertEquals(0.02, s.beta(2000), 1e-15);
        assertEquals(1e-4 + (0.02 - 1e-4) * 999 / 1999, s.beta(1000), 1e-15);
        for (int t : new int[] {1, 2, 150, 200, 1000, 2000}) {
            double product = 1;
            for (int u = 1; u <= t; u++) {
                product *= 1 - (1e-4 + (0.02 - 1e-4) * (u - 1) / 1999.0);
            }
            assertEquals(product, s.alphaBar(t), 1e-12 * product, "alphaBar_" + t);
            assertEquals(1 - s.beta(t), s.alpha(t), 1e-15);
        }
        // the restoration start of the authors: alphaBar_200 is about exp(-0.22)
        assertEquals(0.80, s.alphaBar(200), 0.01);
    }

    @Test
    void inconsistentOrOutOfRangeValuesAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DdpmSchedule.of(0.1, 1.5));
        assertTrue(e.getMessage().contains("beta_2") && e.getMessage().contains("1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DdpmSchedule(new double[] {0.1, 0.2}, new double[] {0.9, 0.8}, new double[] {0.9, 0.9}));
        assertTrue(e.getMessage().contains("alphaBar_2"), e.getMessage());
        DdpmSchedule s = DdpmSchedule.linear(1e-4, 0.02, 10);
        e = assertThrows(IllegalArgumentException.class, () -> s.alphaBar(11));
        assertTrue(e.getMessage().contains("11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DdpmSchedule.linear(1e-4, 0.02, 0));
    }

    @Test
    void forwardNoisingHasTheRightMeanAndVariance() {
        DdpmSchedule s = DdpmSchedule.linear(1e-4, 0.02, 2000);
        int n = 40_000;
        float[] mu = {0.7f, -1.3f};
        try (NDManager nd = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            for (int t : new int[] {10, 200, 1500}) {
                NDArray z0 = nd.create(mu).broadcast(new Shape(n, 2)).duplicate();
                NDArray steps = nd.full(new Shape(n), t, DataType.INT64);
                NDArray eps = nd.randomNormal(0, 1, new Shape(n, 2), DataType.FLOAT32);
                NDArray zt = s.diffuse(z0, steps, eps);
                double[] mean = zt.mean(new int[] {0}).toType(DataType.FLOAT64, false).toDoubleArray();
                double[] var = zt.sub(zt.mean(new int[] {0})).square().mean(new int[] {0}).toType(DataType.FLOAT64, false)
                        .toDoubleArray();
                double a = s.alphaBar(t);
                for (int k = 0; k < 2; k++) {
                    double se = Math.sqrt((1 - a) / n);
                    assertEquals(Math.sqrt(a) * mu[k], mean[k], 5 * se + 1e-5, "mean at t=" + t);
                    assertEquals(1 - a, var[k], 5 * (1 - a) * Math.sqrt(2.0 / n) + 1e-6, "variance at t=" + t);
                }
            }
        }
    }
}
