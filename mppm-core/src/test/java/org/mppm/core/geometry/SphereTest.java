package org.mppm.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mppm.core.Arrays64;

class SphereTest {

    @Test
    void circleDistanceHasTheClosedForm() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Sphere circle = Sphere.unitCircleXY();
            // in-plane radius 2, height 1: distance sqrt((2 - 1)^2 + 1^2)
            NDArray x = nd.create(new double[][] {{0, 2, 1}, {0.5, 0, 0}, {3, 4, 0}});
            double[] d = circle.distance(x).toDoubleArray();
            assertEquals(Math.sqrt(2), d[0], 1e-12);
            assertEquals(0.5, d[1], 1e-12);
            assertEquals(4, d[2], 1e-12);
            double[][] closest = Arrays64.rows(circle.closestPoint(x));
            assertEquals(1, closest[0][1], 1e-12);
            assertEquals(0.6, closest[2][0], 1e-12);
            assertEquals(0.8, closest[2][1], 1e-12);
            double[] theta = circle.chart(x).toDoubleArray();
            assertEquals(Math.PI / 2, theta[0], 1e-12);
            assertEquals(Math.atan2(4, 3), theta[2], 1e-12);
        }
    }

    @Test
    void twoSphereChartRoundTripsAndCentreMapsToAPole() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Sphere s = new Sphere(new double[] {1, -2, 0.5}, 2, Frames.random(3, 3, 11));
            NDArray phi = nd.create(new double[][] {{0.3, -2.0}, {2.5, 1.0}, {1.2, 3.0}});
            double[][] back = Arrays64.rows(s.chart(s.embed(phi)));
            assertTrue(Arrays64.maxAbsDiff(back, Arrays64.rows(phi)) < 1e-12);
            NDArray centre = nd.create(new double[][] {{1, -2, 0.5}});
            assertEquals(2, s.distance(centre).toDoubleArray()[0], 1e-12);
        }
    }

    @Test
    void circleInHigherDimensionAnyOrientation() {
        try (NDManager nd = NDManager.newBaseManager()) {
            double[][] uv = Frames.random(2, 7, 3);
            Sphere circle = Sphere.circle(new double[7], 0.5, uv[0], uv[1]);
            assertEquals(1, circle.intrinsicDimension());
            assertEquals(7, circle.ambientDimension());
            NDArray theta = nd.create(new double[][] {{0.1}, {-3.0}});
            NDArray x = circle.embed(theta);
            double[] d = circle.distance(x).toDoubleArray();
            assertEquals(0, d[0], 1e-12);
            assertTrue(Arrays64.maxAbsDiff(Arrays64.rows(circle.chart(x)), Arrays64.rows(theta)) < 1e-12);
        }
    }

    @Test
    void rejectsBadGeometryAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sphere(new double[3], -1, Frames.standard(2, 3)));
        assertTrue(e.getMessage().contains("radius"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Sphere(new double[3], 1, new double[][] {{1, 0, 0}, {1, 1, 0}}));
        assertTrue(e.getMessage().contains("orthonormal"), e.getMessage());
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray wrong = nd.create(new double[][] {{1, 2}});
            e = assertThrows(IllegalArgumentException.class, () -> Sphere.unitCircleXY().chart(wrong));
            assertTrue(e.getMessage().contains("[B, 3]"), e.getMessage());
        }
    }
}
