package org.mppm.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mppm.core.mixture.GaussianMixture;

class ComponentSpreadTest {

    @Test
    void splitsOffsetsAlongAndAcrossEachComponent() {
        double c = Math.cos(Math.PI / 4);
        GaussianMixture m = GaussianMixture.builder()
                .add(1, new double[] {0, 0}, new double[][] {{1, 0}, {0, 0}})
                .add(1, new double[] {10, 10}, new double[][] {{0.5, 0.5}, {0.5, 0.5}})
                .build();
        // component 0 (along x): along offsets -1, +1, across 0; component 1 (along the diagonal): along 0, across -2, +2
        double[] points = {-1, 0, 1, 0, 10 + 2 * c, 10 - 2 * c, 10 - 2 * c, 10 + 2 * c};
        ComponentSpread s = ComponentSpread.of(m, points, new long[] {0, 0, 1, 1});
        assertEquals((2.0 + 0) / 2, s.alongVariance(), 1e-12);
        assertEquals((0 + 8.0) / 2, s.acrossVariance(), 1e-12);
    }

    @Test
    void radialVarianceOfARing() {
        double[] points = {2, 0, 0, 3, -2, 0, 0, -3};
        assertEquals(1.0 / 3, ComponentSpread.radialVariance(points, 0, 0), 1e-12);
    }

    @Test
    void ofNearestAssignsEachPointToItsMostProbableComponent() {
        double c = Math.cos(Math.PI / 4);
        GaussianMixture m = GaussianMixture.builder()
                .add(1, new double[] {0, 0}, new double[][] {{1, 0}, {0, 0}})
                .add(1, new double[] {10, 10}, new double[][] {{0.5, 0.5}, {0.5, 0.5}})
                .build();
        double[] points = {-1, 0, 1, 0, 10 + 2 * c, 10 - 2 * c, 10 - 2 * c, 10 + 2 * c};
        try (ai.djl.ndarray.NDManager nd = ai.djl.ndarray.NDManager.newBaseManager()) {
            ComponentSpread s = ComponentSpread.ofNearest(m, nd.create(points).reshape(4, 2), 0.5);
            assertEquals(ComponentSpread.of(m, points, new long[] {0, 0, 1, 1}), s);
            assertEquals(4.0, s.acrossVariance(), 1e-12);
        }
    }
}
