package org.mppm.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    @Property(tries = 50)
    void thePartsAreDisjointCoverEverySampleAndDependOnTheSeedOnly(@ForAll @IntRange(min = 2, max = 500) int n,
            @ForAll @DoubleRange(min = 0.01, max = 0.9) double fraction, @ForAll long seed) {
        TrainingSchedule schedule = new TrainingSchedule(1, 8, 1, fraction, seed);
        long held = Math.max(1, Math.round(n * fraction));
        if (held >= n) {
            assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(n, schedule));
            return;
        }
        ValidationSplit split = ValidationSplit.of(n, schedule);
        assertEquals(held, split.validation().length);
        long[] all = LongStream.concat(Arrays.stream(split.validation()), Arrays.stream(split.training())).sorted().toArray();
        assertArrayEquals(LongStream.range(0, n).toArray(), all);
        ValidationSplit again = ValidationSplit.of(n, schedule.withEpochs(7));
        assertArrayEquals(split.validation(), again.validation(), "the seed fixes the split");
    }

    @Test
    void anotherSeedGivesAnotherSplitAndTooFewSamplesAreRejected() {
        long[] a = ValidationSplit.of(1000, new TrainingSchedule(1, 8, 1, 0.1, 1)).validation();
        long[] b = ValidationSplit.of(1000, new TrainingSchedule(1, 8, 1, 0.1, 2)).validation();
        assertFalse(Arrays.equals(a, b));
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(1, new TrainingSchedule(1, 8, 1, 0.1, 1)));
    }
}
