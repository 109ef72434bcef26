package org.mppm.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfCircleTest {
    private final HalfCircle circle = new HalfCircle(1.0, 0.6, 0.1);

    @Test
    void cleanPointsLieOnTheHalfCircleNearTheMode() {
        double[][] p = circle.clean(2000, 7);
        double meanAngle = 0;
        for (double[] q : p) {
            assertEquals(1, Math.hypot(q[0], q[1]), 1e-12);
            assertEquals(0, q[2]);
            assertTrue(q[1] >= 0, "upper half");
            meanAngle += Math.atan2(q[1], q[0]) / p.length;
        }
        assertEquals(1.0, meanAngle, 0.1, "angles gather around theta0");
        assertArrayEquals(p[5], circle.clean(2000, 7)[5], 0, "seeded");
    }

    @Test
    void testPointsAreStratifiedAndNoisy() {
        HalfCircle.Noisy t = circle.noisy(100, 3);
        for (int i = 0; i < 100; i++) {
            assertTrue(t.angles()[i] >= Math.PI * i / 100 && t.angles()[i] < Math.PI * (i + 1) / 100);
            double[] q = t.points()[i];
            assertTrue(Math.abs(q[0] - Math.cos(t.angles()[i])) < 0.6 && Math.abs(q[2]) < 0.6);
        }
        assertArrayEquals(t.points()[9], circle.noisy(100, 3).points()[9], 0);
        assertEquals(0, new HalfCircle(1, 0.6, 0).noisy(5, 3).points()[2][2], 0);
        assertThrows(IllegalArgumentException.class, () -> new HalfCircle(1, 0, 0.1));
    }
}
