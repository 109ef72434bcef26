package org.mppm.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticFacesTest {

    @Test
    void shapeAndRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = new SyntheticFaces(32, 1).images(m, 20);
            assertEquals(new Shape(20, 3, 32, 32), x.getShape());
            assertTrue(x.min().getFloat() >= 0f);
            assertTrue(x.max().getFloat() <= 1f);
        }
    }

    @Test
    void sameSeedSameImagesAndPrefixesAgree() {
        float[] a = new SyntheticFaces(24, 7).hostImages(10);
        float[] b = new SyntheticFaces(24, 7).hostImages(10);
        assertArrayEquals(a, b);
        float[] head = new SyntheticFaces(24, 7).hostImages(3);
        assertArrayEquals(head, Arrays.copyOf(a, head.length));
        float[] other = new SyntheticFaces(24, 8).hostImages(10);
        assertFalse(Arrays.equals(a, other));
    }

    @Test
    void imagesAreVariedNotDegenerate() {
        int n = 40;
        int s = 32;
        int plane = 3 * s * s;
        float[] x = new SyntheticFaces(s, 3).hostImages(n);
        double min = Double.MAX_VALUE;
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = 0;
                for (int p = 0; p < plane; p++) {
                    double e = x[i * plane + p] - x[j * plane + p];
                    d += e * e;
                }
                double rms = Math.sqrt(d / plane);
                min = Math.min(min, rms);
                sum += rms;
                pairs++;
            }
        }
        // every pair differs visibly (RMS > 0.02 of the range) and a typical pair differs a lot
        assertTrue(min > 0.02, "closest pair RMS distance " + min);
        assertTrue(sum / pairs > 0.15, "mean pair RMS distance " + sum / pairs);
        // per-pixel variety: the standard deviation across images is substantial on average
        double sd = 0;
        for (int p = 0; p < plane; p++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * plane + p];
                sq += x[i * plane + p] * (double) x[i * plane + p];
            }
            mean /= n;
            sd += Math.sqrt(Math.max(0, sq / n - mean * mean));
        }
        assertTrue(sd / plane > 0.1, "mean per-pixel standard deviation " + sd / plane);
    }

    @Test
    void imagesAreSmoothMostNeighbouringPixelsAreClose() {
        int s = 48;
        float[] x = new SyntheticFaces(s, 5).hostImages(10);
        int close = 0;
        int total = 0;
        for (int i = 0; i < x.length; i++) {
            if ((i % s) + 1 < s) {
                close += Math.abs(x[i + 1] - x[i]) < 0.05 ? 1 : 0;
                total++;
            }
        }
        assertTrue(close > 0.85 * total, close + " of " + total + " horizontal neighbours differ by < 0.05");
    }

    @Test
    void factorsAreUniformCoordinatesOfTheManifold() {
        SyntheticFaces g = new SyntheticFaces(16, 2);
        double[] z = g.factors(4);
        assertEquals(SyntheticFaces.FACTORS, z.length);
        for (double v : z) {
            assertTrue(v >= 0 && v < 1);
        }
        float[] four = g.hostImages(5);
        assertArrayEquals(g.render(z), Arrays.copyOfRange(four, 4 * 3 * 16 * 16, 5 * 3 * 16 * 16));
    }

    @Test
    void badArgumentsAreRejected() {
        assertEquals("synthetic face size must be in 8..1024 pixels; got 4",
                assertThrows(IllegalArgumentException.class, () -> new SyntheticFaces(4, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SyntheticFaces(16, 1).hostImages(0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticFaces(16, 1).factors(-1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticFaces(16, 1).render(new double[3]));
    }
}
