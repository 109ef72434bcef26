package org.mppm.core.image.degrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.mppm.core.image.TestImages;

class DegradationTest {

    /** Mean |degraded - clean| of the wave test batch. */
    private static double severity(NDManager m, Degradation d, long seed) {
        NDArray x = TestImages.wave(m, 28, 28).repeat(0, 8).add(TestImages.hashed(m, 8, 1, 28, 28, 9).mul(0.3)).clip(0, 1);
        return d.apply(x, seed).sub(x).abs().mean().getFloat();
    }

    private static void assertIncreasing(NDManager m, DoubleFunction<Degradation> make, double... params) {
        double previous = -1;
        for (double p : params) {
            double s = severity(m, make.apply(p), 17);
            assertTrue(s > previous, make.apply(p).key() + " severity " + s + " not above " + previous);
            previous = s;
        }
    }

    @Test
    void severityIsMonotoneInEachParameter() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertIncreasing(m, GaussianNoise::new, 0.05, 0.2, 0.3, 0.7);
            assertIncreasing(m, OverSharpening::ofAmount, 1, 8, 10, 18);
            assertIncreasing(m, f -> MissingPixels.ofFraction(f), 0.02, 0.04, 0.1, 0.3);
            assertIncreasing(m, n -> Scribbles.ofCount((int) n), 1, 6, 13, 20);
            // smaller factor, smaller sigma: more severe
            assertIncreasing(m, f -> new Downsampling(1 - f), 0.1, 0.5, 0.65);
            assertIncreasing(m, s -> ElasticDeformation.ofSigma(4 - s), 0.5, 1.7, 2.2, 2.9);
        }
    }

    @Test
    void noiseAndSharpeningAreMonotonePixelByPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.hashed(m, 2, 3, 16, 16, 4);
            float[] a = new GaussianNoise(0.2).apply(x, 5).sub(x).abs().toFloatArray();
            float[] b = new GaussianNoise(0.3).apply(x, 5).sub(x).abs().toFloatArray();
            float[] c = OverSharpening.ofAmount(10).apply(x, 5).sub(x).abs().toFloatArray();
            float[] d = OverSharpening.ofAmount(18).apply(x, 5).sub(x).abs().toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertTrue(b[i] >= a[i] - 1e-6);
                assertTrue(d[i] >= c[i] - 1e-6);
            }
        }
    }

    @Test
    void elasticDisplacementMatchesTorchvisionScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            double rough = ElasticDeformation.ofSigma(1.1).meanAbsDx(m, 256, 28, 28, 1);
            double smooth = ElasticDeformation.ofSigma(2.3).meanAbsDx(m, 256, 28, 28, 1);
            System.err.printf("elastic alpha 34 on 28x28: mean |dx| %.3f px at sigma 1.1, %.3f px at sigma 2.3%n", rough, smooth);
            assertEquals(2.1, rough, 0.15, "mean |dx| at sigma 1.1");
            assertEquals(1.1, smooth, 0.15, "mean |dx| at sigma 2.3");
        }
    }

    @Test
    void differentSeedsDifferAndImagesOfABatchGetTheirOwnDraw() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.wave(m, 20, 20).repeat(0, 2);
            for (Degradation d : new Degradation[] {new GaussianNoise(0.3), ElasticDeformation.ofSigma(1.1),
                    MissingPixels.ofFraction(0.1), Scribbles.ofCount(6)}) {
                NDArray y = d.apply(x, 1);
                assertFalse(Arrays.equals(y.toFloatArray(), d.apply(x, 2).toFloatArray()), d.key());
                assertFalse(Arrays.equals(y.get(0).toFloatArray(), y.get(1).toFloatArray()), d.key() + " same draw per image");
            }
        }
    }

    @Test
    void missingPixelsCoverTheFractionAndNest() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ones = m.ones(new Shape(4, 3, 120, 120));
            float[] small = MissingPixels.ofFraction(0.04).apply(ones, 3).toFloatArray();
            float[] large = MissingPixels.ofFraction(0.1).apply(ones, 3).toFloatArray();
            int plane = 120 * 120;
            for (int n = 0; n < 4; n++) {
                int black = 0;
                for (int p = 0; p < plane; p++) {
                    int i = n * 3 * plane + p;
                    black += large[i] == 0 ? 1 : 0;
                    if (small[i] == 0) {
                        assertEquals(0f, large[i], "pixel missing at 0.04 but present at 0.1");
                    }
                    assertEquals(large[i], large[i + plane]); // all channels black together
                }
                double cover = (double) black / plane;
                assertTrue(cover >= 0.1 && cover < 0.1 + 64.0 / plane, "coverage " + cover);
            }
        }
    }

    @Test
    void scribblesPaintANestedGrowingArea() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray grey = m.full(new Shape(2, 3, 60, 60), 0.5f);
            float[] six = Scribbles.ofCount(6).apply(grey, 8).toFloatArray();
            float[] twenty = Scribbles.ofCount(20).apply(grey, 8).toFloatArray();
            int painted6 = 0;
            int painted20 = 0;
            for (int i = 0; i < six.length; i++) {
                boolean p6 = six[i] != 0.5f;
                boolean p20 = twenty[i] != 0.5f;
                painted6 += p6 ? 1 : 0;
                painted20 += p20 ? 1 : 0;
                if (p6) {
                    assertTrue(p20, "pixel " + i + " painted by 6 strokes but not by 20");
                }
            }
            assertTrue(painted20 > painted6 && painted6 > 0, painted6 + " vs " + painted20);
            assertEquals(0f, Scribbles.ofCount(0).apply(grey, 8).sub(grey).abs().max().getFloat());
        }
    }

    @Test
    void downsamplingByTwoOfAPairwiseConstantImageIsExact() {
        // an image constant on 2x2 blocks survives bilinear 1/2 down exactly in the block means
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.full(new Shape(1, 1, 8, 8), 0.25f);
            assertEquals(0f, new Downsampling(0.5).apply(x, 0).sub(x).abs().max().getFloat(), 1e-6f);
            assertEquals(0f, OverSharpening.ofAmount(18).apply(x, 0).sub(x).abs().max().getFloat(), 1e-6f);
        }
    }

    @Test
    void oversharpeningMatchesScipyUnsharpMask() {
        // scipy: gaussian_filter(x, 1, mode='reflect', truncate=4); clip(x + 5 (x - blur), 0, 1)
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = OverSharpening.ofAmount(5).apply(TestImages.wave(m, 16, 20), 0);
            assertEquals(0.5034525955820061, y.mean().getFloat(), 1e-5);
            assertEquals(0.8604141359978636, y.getFloat(0, 0, 7, 11), 1e-5);
        }
    }

    @Test
    void badParametersAndInputsAreRejectedClearly() {
        assertEquals("noise sigma must be finite and >= 0; got -0.1",
                assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-0.1)).getMessage());
        assertEquals("downsampling factor must be in (0, 1]; got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new Downsampling(1.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ElasticDeformation.ofSigma(0));
        assertThrows(IllegalArgumentException.class, () -> MissingPixels.ofFraction(1.2));
        assertThrows(IllegalArgumentException.class, () -> Scribbles.ofCount(-1));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray bad = m.full(new Shape(1, 1, 4, 4), 2f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(0.1).apply(bad, 1));
            assertTrue(e.getMessage().startsWith("images must lie in [0, 1], got min 2.0, max 2.0"), e.getMessage());
        }
    }

    @Test
    void paperTablesListTheirLevelsInOrder() {
        assertEquals(List.of("noise-0.5", "noise-0.7", "elastic-34-2.3", "elastic-34-1.8", "downsample-0.5",
                "downsample-0.35"), PaperDegradations.mnistTable1().stream().map(Degradation::key).toList());
        assertEquals(12, PaperDegradations.facesTable2().size());
        assertEquals("scribble-20", PaperDegradations.table5().get(9).key());
        assertEquals(12, PaperDegradations.table5().stream().map(Degradation::key).distinct().count());
    }

    @Test
    void facesTable2KeysAreTheIssuesResultsKeys() {
        assertEquals(List.of("noise-0.2", "noise-0.25", "noise-0.3", "missing-0.04", "missing-0.08", "missing-0.1",
                "scribble-6", "scribble-13", "scribble-20", "sharpen-8", "sharpen-10", "sharpen-18"),
                PaperDegradations.facesTable2().stream().map(Degradation::key).toList());
        assertEquals("sharpen-1.5", OverSharpening.ofAmount(1.5).key());
        assertEquals("0.00001", Degradation.number(1e-5));
        assertEquals("0", Degradation.number(-0.0));
    }

    @Test
    void facesTable2WorksOnSeededRgbBatches() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.hashed(m, 3, 3, 24, 20, 8);
            for (Degradation d : PaperDegradations.facesTable2()) {
                NDArray y = d.apply(x, 21);
                assertEquals(new Shape(3, 3, 24, 20), y.getShape(), d.key());
                assertTrue(y.min().getFloat() >= 0f && y.max().getFloat() <= 1f, d.key());
                assertTrue(y.sub(x).abs().max().getFloat() > 0.05f, d.key() + " changes the images");
                assertEquals(0f, y.sub(d.apply(x, 21)).abs().max().getFloat(), d.key() + " same seed, same images");
                if (!(d instanceof OverSharpening)) {
                    assertTrue(y.sub(d.apply(x, 22)).abs().max().getFloat() > 0f, d.key() + " other seed, other draw");
                }
            }
        }
    }
}
