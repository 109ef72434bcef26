package org.mppm.models.dae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.mppm.core.SeededNoise;
import org.mppm.models.data.MnistData;
import org.mppm.models.nn.Autoencoder;
import org.mppm.models.nn.SkipDropout;

/**
 * The DAE loss is {@code mean_i sum_pixels (G(F(n_i)) - x_i)^2} with {@code n_i = x_i + sigma eps_i},
 * clamped to [0, 1] when asked. The per-sample sum is 784 times PyTorch's pixel mean on MNIST, a
 * constant factor Adam's steps do not depend on (up to its epsilon): tools/dae_replay.jsh shows
 * mppm's training steps matching PyTorch's to float rounding. With G(F(x)) = x the loss is the
 * squared size of the (clamped) noise itself, so the test sees exactly what the network is fed.
 */
class DaeLossTest {

    /** G(F(x)) = x on 28 x 28 images: F flattens, G reshapes back. */
    private static final Autoencoder IDENTITY = new Autoencoder() {
        @Override
        public Block block() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int latentDimension() {
            return 784;
        }

        @Override
        public Shape sampleShape() {
            return new Shape(1, 28, 28);
        }

        @Override
        public NDArray encode(ParameterStore store, NDArray x, boolean training) {
            return x.reshape(x.getShape().get(0), 784);
        }

        @Override
        public NDArray decode(ParameterStore store, NDArray z, boolean training) {
            return z.reshape(z.getShape().get(0), 1, 28, 28);
        }
    };

    @Test
    void isThePerSampleSumOfSquaresOfTheClampedNoise() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray clean = MnistData.embedded().train().head(16).images(nd);
            double sigma = 0.4;
            NDArray noise = new SeededNoise(5).nextNormal(nd, clean.getShape(), DataType.FLOAT32, sigma);
            double[] loss = new double[2];
            for (int c = 0; c < 2; c++) {
                boolean clamp = c == 1;
                loss[c] = new DaeLoss(IDENTITY, sigma, clamp, new SkipDropout(0)).terms(clean, true, new SeededNoise(5))
                        .total().getFloat();
                NDArray noisy = clean.add(noise);
                NDArray fed = clamp ? noisy.clip(0, 1) : noisy;
                float[] n = fed.toFloatArray();
                float[] x = clean.toFloatArray();
                double sum = 0;
                for (int i = 0; i < n.length; i++) {
                    sum += (n[i] - x[i]) * (double) (n[i] - x[i]);
                }
                assertEquals(sum / 16, loss[c], 1e-5 * loss[c], "clamp " + clamp);
            }
            // unclamped: sigma^2 per pixel, 784 pixels; clamped: about half of it is cut off on the black background
            assertEquals(784 * sigma * sigma, loss[0], 0.05 * 784 * sigma * sigma);
            assertTrue(loss[1] < 0.7 * loss[0], "clamped " + loss[1] + " against unclamped " + loss[0]);
        }
    }
}
