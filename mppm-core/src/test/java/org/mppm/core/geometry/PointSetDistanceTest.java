package org.mppm.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mppm.core.Arrays64;

class PointSetDistanceTest {

    @Test
    void distanceNearestAndUnitGradientAgreeWithBruteForce() {
        Random random = new Random(4);
        double[][] set = Arrays64.gaussian(random, 50, 3, 1);
        double[][] q = Arrays64.gaussian(random, 20, 3, 2);
        try (NDManager nd = NDManager.newBaseManager(); PointSetDistance d = new PointSetDistance(nd.create(set))) {
            NDArray z = nd.create(q);
            double[] dist = d.distance(z).toDoubleArray();
            double[][] grad = Arrays64.rows(d.gradient(z));
            double[][] nearest = Arrays64.rows(d.nearest(z));
            for (int i = 0; i < q.length; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (double[] s : set) {
                    double sq = 0;
                    for (int j = 0; j < 3; j++) {
                        sq += (q[i][j] - s[j]) * (q[i][j] - s[j]);
                    }
                    best = Math.min(best, Math.sqrt(sq));
                }
                assertEquals(best, dist[i], 1e-9);
                assertEquals(1, Arrays64.norm(grad[i]), 1e-9);
                for (int j = 0; j < 3; j++) {
                    assertEquals(q[i][j] - dist[i] * grad[i][j], nearest[i][j], 1e-9, "z - D grad D = nearest");
                }
            }
            assertTrue(d.dimension() == 3);
        }
    }
}
