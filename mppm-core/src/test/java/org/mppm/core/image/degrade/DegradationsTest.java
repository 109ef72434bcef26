package org.mppm.core.image.degrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class DegradationsTest {

    @Test
    void everyPaperDegradationParsesBackFromItsKey() {
        List<Degradation> all = new ArrayList<>(PaperDegradations.mnistTable1());
        all.addAll(PaperDegradations.facesTable2());
        all.addAll(PaperDegradations.table5());
        for (Degradation d : all) {
            assertEquals(d, Degradations.parse(d.key()), d.key());
        }
    }

    @Test
    void shortFormsOfTheIssue() {
        assertEquals(new GaussianNoise(0.5), Degradations.parse("noise-0.5"));
        assertEquals(ElasticDeformation.ofSigma(2.3), Degradations.parse("elastic-2.3"));
        assertEquals(new ElasticDeformation(20, 2.3), Degradations.parse("elastic-20-2.3"));
        assertEquals(MissingPixels.ofFraction(0.08), Degradations.parse("missing-0.08"));
        assertEquals(new Downsampling(0.5), Degradations.parse("down-0.5"));
        assertEquals(new Downsampling(0.5), Degradations.parse("DownSample-0.5"));
        assertEquals(Scribbles.ofCount(13), Degradations.parse("scribble-13"));
        assertEquals(OverSharpening.ofAmount(10), Degradations.parse("sharpen-10"));
    }

    @Test
    void badTextsNameTheTextAndTheValidKinds() {
        for (String bad : new String[] {"blur-3", "noise", "noise-", "noise-x", "noise-0.1-0.2", "", "scribble-2.5", "noise-NaN"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Degradations.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("degradation '" + bad + "'"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Degradations.parse("blur-3")).getMessage()
                .contains("noise-SIGMA, elastic-SIGMA"));
        // out of range: the degradation's own message, prefixed with the text
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> Degradations.parse("missing-1.5"));
        assertTrue(range.getMessage().startsWith("degradation 'missing-1.5': "), range.getMessage());
    }

    @Property(tries = 200)
    void noiseKeysRoundTrip(@ForAll @DoubleRange(min = 0.001, max = 5) @net.jqwik.api.constraints.Scale(6) double sigma) {
        GaussianNoise d = new GaussianNoise(sigma);
        assertEquals(d, Degradations.parse(d.key()));
    }
}
