package org.mppm.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KarrasScheduleTest {

    @Test
    void matchesTheEdmReferenceVectors() {
        assertArrayEquals(new double[] {80, 17.52783196464411, 2.515218976147159, 0.16975275626876413, 0.002, 0},
                KarrasSchedule.edm(5).sigmas(), 1e-12);
        assertArrayEquals(new double[] {10, 3.43, 0.64, 0.01, 0}, new KarrasSchedule(4, 0.01, 10, 3).sigmas(), 1e-12);
    }

    @Test
    void defaultsAreEdms() {
        double[] s = KarrasSchedule.edm().sigmas();
        assertEquals(19, s.length);
        assertEquals(18, KarrasSchedule.edm().steps());
        assertEquals(80, s[0], 1e-12);
        assertEquals(0.002, s[17], 1e-12);
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] < s[i - 1], "levels must decrease");
        }
    }

    @Test
    void rejectsBadLevels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KarrasSchedule(5, 1, 0.5, 7));
        assertTrue(e.getMessage().contains("sigmaMax"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KarrasSchedule(1, 0.002, 80, 7));
        assertThrows(IllegalArgumentException.class, () -> new KarrasSchedule(5, 0, 80, 7));
        assertThrows(IllegalArgumentException.class, () -> new KarrasSchedule(5, 0.002, 80, Double.NaN));
    }
}
