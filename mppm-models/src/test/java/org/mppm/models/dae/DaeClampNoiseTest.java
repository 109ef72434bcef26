package org.mppm.models.dae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mppm.core.image.degrade.GaussianNoise;
import org.mppm.core.image.metrics.PixelErrors;
import org.mppm.models.data.MnistData;
import org.mppm.models.nn.AutoencoderSpec;

/**
 * Training noise clamped to [0, 1], as the test degradations are: on clamped noise the DAE trained
 * that way restores black backgrounds and a lower error than the same recipe trained on unclamped
 * noise (which reads the half-normal background noise of a clamped image as signal).
 */
class DaeClampNoiseTest {

    @Test
    void clampedTrainingNoiseRestoresClampedNoiseBetter() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MnistData mnist = MnistData.embedded();
            NDArray train = mnist.train().head(2048).images(nd);
            NDArray clean = mnist.test().head(200).images(nd);
            NDArray degraded = new GaussianNoise(0.7).apply(clean, 5);
            NDArray background = clean.lt(0.05f);
            double[] mse = new double[2];
            double[] grey = new double[2];
            for (int i = 0; i < 2; i++) {
                try (Dae dae = Dae.builder().autoencoder(AutoencoderSpec.mnistCnn(8)).trainingNoise(0.4).clampNoisy(i == 1)
                        .epochs(6).batchSize(128).patience(6).weightDecay(0).seed(3).fit(train)) {
                    NDArray restored = dae.restore(degraded);
                    mse[i] = java.util.Arrays.stream(PixelErrors.mse(restored, clean)).average().orElseThrow();
                    grey[i] = restored.get(background).mean().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                }
            }
            System.out.printf("DAE on clamped noise 0.7: unclamped training MSE %.4f, background %.4f; clamped MSE %.4f,"
                    + " background %.4f%n", mse[0], grey[0], mse[1], grey[1]);
            assertTrue(grey[1] < 0.8 * grey[0], "background " + grey[0] + " -> " + grey[1]);
            assertTrue(mse[1] < mse[0], "MSE " + mse[0] + " -> " + mse[1]);
        }
    }
}
