package org.mppm.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PointErrorsTest {

    @Test
    void mseMaxAndBins() {
        PointErrors e = PointErrors.of(new double[] {0.1, 0.3, 0.2});
        assertEquals((0.01 + 0.09 + 0.04) / 3, e.mse(), 1e-15);
        assertEquals(0.3, e.maxError());
        double[] angles = {0.1, Math.PI, 2.5};
        assertArrayEquals(new int[] {1, 2}, PointErrors.countsByBin(angles, 0, Math.PI, 2), "pi falls in the last bin");
        double[] byBin = PointErrors.mseByBin(new double[] {0.1, 0.3, 0.2}, angles, 0, Math.PI, 3);
        assertEquals(0.01, byBin[0], 1e-15);
        assertTrue(Double.isNaN(byBin[1]), "an empty bin");
        assertEquals((0.09 + 0.04) / 2, byBin[2], 1e-15);
        assertArrayEquals(new double[] {0, Math.PI / 2, Math.PI}, PointErrors.binEdges(0, Math.PI, 2), 0);
        assertThrows(IllegalArgumentException.class, () -> PointErrors.countsByBin(new double[] {4}, 0, Math.PI, 2));
        assertThrows(IllegalArgumentException.class, () -> PointErrors.of(new double[0]));
    }
}
