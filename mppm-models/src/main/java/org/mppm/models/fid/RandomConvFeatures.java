package org.mppm.models.fid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.SplittableRandom;
import org.mppm.core.image.ImageBatch;
import org.mppm.core.Scopes;
import org.mppm.core.CloseGuard;

/**
 * The colour-image feature extractor of the faces experiment's FID: a seeded <em>random</em>
 * multi-scale convolutional network (random-embedding FID). No Inception weights are available
 * offline, so the features come from a fixed network that is never trained (why: docs/design/fid-features.md).
 *
 * <p>Network on {@code [B, C, H, W]} in [0, 1] (H, W >= 8): the input is mapped to [-1, 1], then three
 * stages, each {@code 3 x 3} convolution (zero padding 1, no bias, weights N(0, 2 / fan-in) from
 * {@code SplittableRandom(seed)}) followed by ReLU, with a {@code 2 x 2} average pooling before
 * stages 2 and 3; widths {@value #W1}, {@value #W2}, {@value #W3}. In every stage the odd-numbered
 * output channels are structure filters: each of their 3 x 3 kernels is made to sum to zero, so they
 * ignore flat colour and respond only to edges and texture. Without them the random features are
 * dominated by colour, and blur, the typical failure of an L2-trained autoencoder, hardly moves the
 * FID; with them blur raises it clearly (FeatureFidTest). Every stage's activations are
 * averaged over the four quadrants of the image (a last odd row or column is left out), so the features {@code [B, 4 (W1 + W2 + W3)] = [B, 224]}
 * see fine texture (stage 1: noise, sharpening halos), medium structure (stage 2: patches, strokes)
 * and coarse layout and colour (stage 3, receptive field 18 x 18 input pixels) in each quadrant of
 * the face.
 *
 * <p>Holds its weights in its own manager; {@link #close()} frees them.
 */
public final class RandomConvFeatures implements FeatureExtractor, AutoCloseable {
    private final CloseGuard guard = new CloseGuard("random conv features");
    /** Width of stage 1. */
    public static final int W1 = 8;
    /** Width of stage 2. */
    public static final int W2 = 16;
    /** Width of stage 3. */
    public static final int W3 = 32;

    private static final int[] WIDTHS = {W1, W2, W3};

    private final int channels;
    private final long seed;
    private final NDManager manager;
    private final NDArray[] weights = new NDArray[WIDTHS.length];

    /** The network for images with {@code channels} channels (1 or 3), weights drawn from {@code seed}. */
    public RandomConvFeatures(int channels, long seed) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB); got " + channels);
        }
        this.channels = channels;
        this.seed = seed;
        this.manager = NDManager.newBaseManager();
        SplittableRandom rng = new SplittableRandom(seed);
        int in = channels;
        for (int k = 0; k < WIDTHS.length; k++) {
            int out = WIDTHS[k];
            float[] w = new float[out * in * 9];
            double std = Math.sqrt(2.0 / (in * 9));
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (std * rng.nextGaussian());
            }
            for (int o = 1; o < out; o += 2) {
                for (int c = 0; c < in; c++) {
                    zeroMean(w, (o * in + c) * 9);
                }
            }
            weights[k] = manager.create(w, new Shape(out, in, 3, 3));
            in = out;
        }
    }

    @Override
    public NDArray features(NDArray images) {
        Shape s = ImageBatch.requireShape(images, "images");
        if (s.get(1) != channels || s.get(2) < 8 || s.get(3) < 8) {
            throw new IllegalArgumentException("random conv features of " + channels + "-channel images need [B, "
                    + channels + ", H >= 8, W >= 8]; got shape " + s);
        }
        return guard.call(() -> Scopes.scoped(images, in -> {
            NDArray h = in.mul(2).sub(1);
            NDList pooled = new NDList();
            for (int k = 0; k < WIDTHS.length; k++) {
                if (k > 0) {
                    h = Pool.avgPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
                }
                h = Activation.relu(Conv2d.conv2d(h, weights[k], null, new Shape(1, 1), new Shape(1, 1))
                        .singletonOrThrow());
                Shape hs = h.getShape();
                long qh = hs.get(2) / 2;
                long qw = hs.get(3) / 2;
                Shape quadrant = new Shape(qh, qw);
                NDArray even = h.get(":, :, 0:" + 2 * qh + ", 0:" + 2 * qw);
                pooled.add(Pool.avgPool2d(even, quadrant, quadrant, new Shape(0, 0), false, true)
                        .reshape(hs.get(0), -1));
            }
            return NDArrays.concat(pooled, 1);
        }));
    }

    /** Makes the 3 x 3 kernel at {@code from} sum to zero: it then ignores flat regions. */
    private static void zeroMean(float[] w, int from) {
        float mean = 0;
        for (int i = from; i < from + 9; i++) {
            mean += w[i] / 9;
        }
        for (int i = from; i < from + 9; i++) {
            w[i] -= mean;
        }
    }

    @Override
    public int dimension() {
        return 4 * (W1 + W2 + W3);
    }

    @Override
    public String name() {
        return "random multi-scale conv features (" + channels + " -> " + W1 + "/" + W2 + "/" + W3
                + " channels, 3x3 conv + ReLU, 2x2 average pooling between stages, quadrant means, F = "
                + dimension() + ", seed " + seed + ")";
    }

    @Override
    public void close() {
        guard.close(manager::close);
    }
}
