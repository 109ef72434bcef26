package org.mppm.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SeededIndicesTest {

    @Property(tries = 60)
    void choosesDistinctIndicesInRangeReproducibly(@ForAll @IntRange(min = 0, max = 300) int n,
            @ForAll @IntRange(min = 0, max = 300) int k, @ForAll long seed) {
        int take = Math.min(n, k);
        int[] a = SeededIndices.choose(n, take, seed);
        assertEquals(take, a.length);
        assertEquals(take, Arrays.stream(a).distinct().count());
        assertEquals(take, Arrays.stream(a).filter(i -> i >= 0 && i < n).count());
        assertArrayEquals(a, SeededIndices.choose(n, take, seed));
    }

    @Test
    void refusesMoreThanThereAre() {
        assertThrows(IllegalArgumentException.class, () -> SeededIndices.choose(3, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> SeededIndices.choose(3, -1, 1));
    }
}
