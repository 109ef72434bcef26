package org.mppm.core.image.degrade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.mppm.core.image.TestImages;

/** Every degradation keeps shape and [0, 1] range, and is a function of (images, seed). */
class DegradationProperties {

    @Provide
    Arbitrary<Degradation> degradations() {
        return Arbitraries.of(List.of(
                new GaussianNoise(0.3),
                ElasticDeformation.ofSigma(1.1),
                new Downsampling(0.35),
                MissingPixels.ofFraction(0.1),
                Scribbles.ofCount(13),
                OverSharpening.ofAmount(18)));
    }

    @Property(tries = 60)
    void keepsShapeRangeAndIsReproducible(
            @ForAll("degradations") Degradation d,
            @ForAll @IntRange(min = 1, max = 3) int batch,
            @ForAll("channels") int channels,
            @ForAll @IntRange(min = 3, max = 24) int height,
            @ForAll @IntRange(min = 3, max = 24) int width,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.hashed(m, batch, channels, height, width, seed + 1);
            int before = m.getManagedArrays().size();
            NDArray y = d.apply(x, seed);
            assertEquals(before + 1, m.getManagedArrays().size(), d.key() + ": temporaries left in the caller's manager");
            assertEquals(x.getShape(), y.getShape(), d.key());
            assertEquals(x.getDataType(), y.getDataType(), d.key());
            float[] v = y.toFloatArray();
            for (float f : v) {
                assertTrue(f >= 0 && f <= 1, d.key() + " produced " + f);
            }
            assertArrayEquals(v, d.apply(x, seed).toFloatArray(), d.key() + ": same seed, different output");
        }
    }

    @Provide
    Arbitrary<Integer> channels() {
        return Arbitraries.of(1, 3);
    }

    /** Key numbers read back exactly, and never carry an exponent or a trailing ".0". */
    @Property(tries = 200)
    void keyNumbersRoundTrip(@ForAll double value) {
        net.jqwik.api.Assume.that(Double.isFinite(value));
        String s = Degradation.number(value);
        assertEquals(value == 0 ? 0.0 : value, Double.parseDouble(s));
        assertTrue(!s.contains("E") && !s.endsWith(".0") && !s.endsWith("."), s);
    }
}
