package org.mppm.core.image.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.mppm.core.image.TestImages;
import org.mppm.core.image.degrade.GaussianNoise;

class SsimTest {

    @Test
    void identicalImagesScoreOneInBothWindows() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.hashed(m, 3, 3, 20, 24, 5);
            assertEquals(1.0, Ssim.gaussian().mean(x, x), 1e-12);
            assertEquals(1.0, Ssim.uniform7().mean(x, x), 1e-12);
        }
    }

    @Test
    void symmetric() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.wave(m, 16, 20);
            NDArray y = TestImages.perturbedWave(m, 16, 20);
            assertEquals(Ssim.gaussian().mean(x, y), Ssim.gaussian().mean(y, x), 1e-12);
            assertEquals(Ssim.uniform7().mean(x, y), Ssim.uniform7().mean(y, x), 1e-12);
        }
    }

    @Test
    void matchesScipyReimplementationOfScikitImage() {
        // reference: scipy.ndimage gaussian_filter(sigma 1.5, truncate 3.5, mode reflect) /
        // uniform_filter(7), crop (win-1)/2, as scikit-image's structural_similarity
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.wave(m, 16, 20);
            NDArray y = TestImages.perturbedWave(m, 16, 20);
            assertEquals(0.8349480429202829, Ssim.gaussian().mean(x, y), 1e-6);
            assertEquals(0.8551949627493217, Ssim.uniform7().mean(x, y), 1e-6);
        }
    }

    @Test
    void handCheckableConstantImages() {
        // constant images a and b: variances 0, so S = (2ab + C1) / (a^2 + b^2 + C1)
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.full(new Shape(1, 1, 11, 11), 0.5f);
            NDArray y = m.full(new Shape(1, 1, 11, 11), 0.25f);
            double c1 = 1e-4;
            double expect = (2 * 0.5 * 0.25 + c1) / (0.25 + 0.0625 + c1);
            assertEquals(expect, Ssim.gaussian().mean(x, y), 1e-7);
            assertEquals(expect, Ssim.uniform7().mean(x, y), 1e-7);
        }
    }

    @Test
    void handCheckableSingleUniformWindow() {
        // a 7x7 checkerboard (25 ones) vs constant 0.5: one window; u_x = 25/49, u_y = 0.5, v_xy = 0,
        // v_x = 49/48 (25/49 - (25/49)^2), v_y = 0
        try (NDManager m = NDManager.newBaseManager()) {
            float[] v = new float[49];
            for (int i = 0; i < 49; i++) {
                v[i] = ((i / 7 + i % 7) % 2 == 0) ? 1f : 0f;
            }
            NDArray x = m.create(v, new Shape(1, 1, 7, 7));
            NDArray y = m.full(new Shape(1, 1, 7, 7), 0.5f);
            double ux = 25.0 / 49;
            double vx = 49.0 / 48 * (25.0 / 49 - ux * ux);
            double c1 = 1e-4;
            double c2 = 9e-4;
            double expect = (2 * ux * 0.5 + c1) * c2 / ((ux * ux + 0.25 + c1) * (vx + c2));
            assertEquals(expect, Ssim.uniform7().mean(x, y), 1e-9);
        }
    }

    @Test
    void fallsAsNoiseGrows() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.wave(m, 28, 28).repeat(0, 4);
            double previous = 1.0;
            for (double sigma : new double[] {0.05, 0.1, 0.2, 0.4}) {
                double s = Ssim.gaussian().mean(x, new GaussianNoise(sigma).apply(x, 11));
                double u = Ssim.uniform7().mean(x, new GaussianNoise(sigma).apply(x, 11));
                assertTrue(s < previous, "SSIM at sigma " + sigma + " = " + s + " not below " + previous);
                assertTrue(u < 1);
                previous = s;
            }
        }
    }

    @Test
    void mseAndPsnr() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.full(new Shape(2, 1, 4, 4), 0.5f);
            NDArray y = m.full(new Shape(2, 1, 4, 4), 0.6f);
            double[] mse = PixelErrors.mse(x, y);
            assertEquals(0.01, mse[0], 1e-7);
            assertEquals(20.0, PixelErrors.psnr(x, y, 1.0)[1], 1e-5);
            assertEquals(Double.POSITIVE_INFINITY, PixelErrors.psnr(x, x, 1.0)[0]);
        }
    }

    @Test
    void rejectsMismatchedShapesAndTinyImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Ssim.gaussian().mean(m.zeros(new Shape(1, 1, 12, 12)), m.zeros(new Shape(1, 1, 12, 13))));
            assertTrue(e.getMessage().contains("same shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Ssim.gaussian().mean(m.zeros(new Shape(1, 1, 8, 8)), m.zeros(new Shape(1, 1, 8, 8))));
            assertTrue(e.getMessage().contains("smaller than the SSIM window 11"), e.getMessage());
        }
    }

    @Test
    void leavesNothingAttachedToTheCallersManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = TestImages.wave(m, 16, 20);
            NDArray y = TestImages.perturbedWave(m, 16, 20);
            int before = m.getManagedArrays().size();
            Ssim.gaussian().mean(x, y);
            PixelErrors.mse(x, y);
            assertEquals(before, m.getManagedArrays().size());
        }
    }
}
