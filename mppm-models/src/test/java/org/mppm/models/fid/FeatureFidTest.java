package org.mppm.models.fid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mppm.core.image.degrade.Degradation;
import org.mppm.core.image.degrade.Downsampling;
import org.mppm.core.image.degrade.GaussianNoise;
import org.mppm.core.image.degrade.MissingPixels;
import org.mppm.core.image.degrade.PaperDegradations;
import org.mppm.models.data.SyntheticFaces;

class FeatureFidTest {
    private static NDManager manager;
    private static NDArray reference;
    private static NDArray other;
    private static RandomConvFeatures features;
    private static FeatureFid fid;

    @BeforeAll
    static void data() {
        manager = NDManager.newBaseManager();
        NDArray faces = new SyntheticFaces(32, 11).images(manager, 1200);
        reference = faces.get("0:600");
        other = faces.get("600:1200");
        features = new RandomConvFeatures(3, 5);
        fid = new FeatureFid(features, reference);
    }

    @AfterAll
    static void close() {
        features.close();
        manager.close();
    }

    private static double degraded(Degradation d) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = other.duplicate();
            x.attach(m);
            return fid.evaluate(d.apply(x, 3));
        }
    }

    @Test
    void cleanHalvesAreCloseComparedWithNoisyFaces() {
        double clean = fid.evaluate(other);
        double noisy = degraded(new GaussianNoise(0.3));
        System.out.printf("FID clean halves %.4f, noise 0.3 %.4f%n", clean, noisy);
        assertTrue(clean < 0.1 * noisy, "clean " + clean + " vs noisy " + noisy);
    }

    @Test
    void fidGrowsWithNoiseLevel() {
        double[] f = {degraded(new GaussianNoise(0.1)), degraded(new GaussianNoise(0.2)),
            degraded(new GaussianNoise(0.3))};
        System.out.printf("FID noise 0.1 %.4f, 0.2 %.4f, 0.3 %.4f%n", f[0], f[1], f[2]);
        assertTrue(fid.evaluate(other) < f[0] && f[0] < f[1] && f[1] < f[2], java.util.Arrays.toString(f));
    }

    @Test
    void fidGrowsWithMissingPixelFraction() {
        double[] f = {degraded(MissingPixels.ofFraction(0.04)), degraded(MissingPixels.ofFraction(0.08)),
            degraded(MissingPixels.ofFraction(0.1))};
        System.out.printf("FID missing 0.04 %.4f, 0.08 %.4f, 0.1 %.4f%n", f[0], f[1], f[2]);
        assertTrue(fid.evaluate(other) < f[0] && f[0] < f[1] && f[1] < f[2], java.util.Arrays.toString(f));
    }

    @Test
    void fidGrowsWithBlur() {
        double[] f = {fid.evaluate(other), degraded(new Downsampling(0.75)), degraded(new Downsampling(0.5))};
        System.out.printf("FID clean %.4f, bilinear down-up 0.75 %.4f, 0.5 %.4f%n", f[0], f[1], f[2]);
        assertTrue(2 * f[0] < f[1] && f[1] < f[2], java.util.Arrays.toString(f));
    }

    @Test
    void everyTable2DegradationIsFartherThanCleanFaces() {
        double clean = fid.evaluate(other);
        List<Degradation> all = PaperDegradations.facesTable2();
        StringBuilder line = new StringBuilder("FID clean " + String.format("%.4f", clean));
        for (Degradation d : all) {
            double f = degraded(d);
            line.append(String.format(", %s %.4f", d.key(), f));
            assertTrue(f > 2 * clean, d.key() + ": " + f + " vs clean " + clean);
        }
        System.out.println(line);
    }

    @Test
    void sameSeedSameNumberOtherSeedOtherFeatures() {
        try (RandomConvFeatures again = new RandomConvFeatures(3, 5); RandomConvFeatures seed6 = new RandomConvFeatures(3, 6)) {
            NDArray a = reference.get("0:100");
            NDArray b = other.get("0:100");
            double f = FeatureFid.between(features, a, b);
            assertEquals(f, FeatureFid.between(again, a, b));
            assertNotEquals(f, FeatureFid.between(seed6, a, b));
            assertEquals(new Shape(100, 224), features.features(a).getShape());
            assertEquals(224, features.dimension());
        }
    }

    @Test
    void oddSizesAndBadInputs() {
        try (NDManager m = NDManager.newBaseManager(); RandomConvFeatures grey = new RandomConvFeatures(1, 1)) {
            assertEquals(new Shape(2, 224), grey.features(m.ones(new Shape(2, 1, 13, 11))).getShape());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> features.features(m.ones(new Shape(2, 1, 8, 8))))
                    .getMessage().contains("[B, 3, H >= 8, W >= 8]"));
            assertThrows(IllegalArgumentException.class, () -> FeatureFid.moments(features, m.ones(new Shape(1, 3, 8, 8))));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> FeatureFid.moments(features, m.full(new Shape(2, 3, 8, 8), 1.5f))).getMessage()
                    .contains("[0, 1]"));
            assertThrows(IllegalArgumentException.class, () -> new RandomConvFeatures(2, 1));
        }
    }
}
