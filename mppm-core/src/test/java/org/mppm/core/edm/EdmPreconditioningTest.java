package org.mppm.core.edm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EdmPreconditioningTest {

    @Test
    void matchesReferenceAtSigmaOne() {
        EdmPreconditioning p = EdmPreconditioning.standard();
        assertEquals(0.2, p.cSkip(1), 1e-12);
        assertEquals(0.4472135955, p.cOut(1), 1e-10);
        assertEquals(0.894427191, p.cIn(1), 1e-9);
        assertEquals(0, p.cNoise(1), 0);
        assertEquals(1.25 / 0.25, p.lossWeight(1), 1e-12);
    }

    @Test
    void skipAndOutputSplitTheUnitInterval() {
        // c_skip = sd^2/(s^2+sd^2) (the optimal denoiser of N(0, sd^2)), c_out^2 / sd^2 = s^2/(s^2+sd^2)
        EdmPreconditioning p = new EdmPreconditioning(0.7);
        for (double s : new double[] {0.01, 0.3, 5}) {
            assertEquals(0.49 / (s * s + 0.49), p.cSkip(s), 1e-15);
            assertEquals(1, p.cSkip(s) + p.cOut(s) * p.cOut(s) / 0.49, 1e-12);
            assertEquals(1, p.cIn(s) * p.cIn(s) * (s * s + 0.49), 1e-12);
        }
    }

    @Test
    void noiseLevelsAreLogNormalAndSeeded() {
        EdmNoiseDistribution d = EdmNoiseDistribution.standard();
        double[] a = d.sample(20000, new SplittableRandom(3));
        double[] b = d.sample(20000, new SplittableRandom(3));
        assertEquals(a[17], b[17], 0);
        double mean = 0;
        for (double s : a) {
            mean += Math.log(s) / a.length;
        }
        assertEquals(-1.2, mean, 0.03);
        assertThrows(IllegalArgumentException.class, () -> new EdmNoiseDistribution(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EdmPreconditioning(-1));
    }
}
