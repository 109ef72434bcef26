package org.mppm.models.lmppm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mppm.core.Manifold;
import org.mppm.models.dae.Dae;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.nn.ColourRamps;

/**
 * Skip dropout makes the code carry the image: on the same U-Net, data, seed and budget, a model
 * trained with skip dropout decodes from z alone ({@code G(S-hat(z), z)}, skip scale 0) far better
 * than one trained without.
 */
class SkipDropoutTrainingTest {
    private static final AutoencoderSpec UNET = AutoencoderSpec.unet(3, 16, 8, 4, 8);

    private static double codeOnlyError(Manifold chart, NDArray clean) {
        return chart.project(clean).sub(clean).square().mean().getFloat();
    }

    @Test
    void lmppmTrainedWithSkipDropoutDecodesFromTheCodeAlone() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray clean = ColourRamps.of(nd, 96, 3, 16, 5);
            double[] error = new double[2];
            double[] withSkips = new double[2];
            double[] p = {0, 0.5};
            for (int i = 0; i < 2; i++) {
                try (Lmppm model = Lmppm.builder().autoencoder(UNET).trainingNoise(0.2).learningRates(1e-3, 1e-3).batchSize(32)
                        .epochs(40).patience(40).seed(5).kernelBandwidth(1).skipDropout(p[i]).fit(clean)) {
                    error[i] = codeOnlyError(model.manifold(0), clean);
                    withSkips[i] = codeOnlyError(model.manifold(), clean);
                }
            }
            assertTrue(error[1] < 0.5 * error[0], "code-only MSE with dropout " + error[1] + ", without " + error[0]);
            assertTrue(withSkips[1] < 0.05, "with its skips the dropout model still reconstructs: " + withSkips[1]);
        }
    }

    @Test
    void theDaeTakesTheSameOption() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray clean = ColourRamps.of(nd, 96, 3, 16, 5);
            double[] error = new double[2];
            double[] p = {0, 0.5};
            for (int i = 0; i < 2; i++) {
                try (Dae dae = Dae.builder().autoencoder(UNET).trainingNoise(0.2).epochs(40).batchSize(32).patience(40).seed(4)
                        .skipDropout(p[i]).fit(clean)) {
                    error[i] = codeOnlyError(dae.manifold(0), clean);
                }
            }
            assertTrue(error[1] < 0.7 * error[0], "code-only MSE with dropout " + error[1] + ", without " + error[0]);
        }
    }

    @Test
    void invalidSkipDropoutIsRejectedInTheConfiguration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lmppm.builder().autoencoder(UNET).skipDropout(1).config());
        assertTrue(e.getMessage().contains("skipDropout"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dae.builder().autoencoder(UNET).skipDropout(-0.5).config());
    }
}
