package org.mppm.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PlaneCurvesTest {

    @Test
    void curvesAreClosedAndTracedEvenly() {
        assertArrayEquals(PlaneCurves.wavy(0), PlaneCurves.wavy(2 * Math.PI), 1e-12);
        assertEquals(1, Math.hypot(PlaneCurves.wavy(0)[0], PlaneCurves.wavy(0)[1]), 1e-12);
        assertEquals(1.13, Math.hypot(PlaneCurves.wavy(Math.PI / 16)[0], PlaneCurves.wavy(Math.PI / 16)[1]), 1e-12);
        double[][] bean = PlaneCurves.trace(PlaneCurves::bean, 8);
        assertEquals(8, bean.length);
        assertArrayEquals(PlaneCurves.bean(2 * Math.PI * 3 / 8), bean[3], 0);
        assertThrows(IllegalArgumentException.class, () -> PlaneCurves.trace(PlaneCurves::bean, 0));
    }
}
