package org.mppm.core.image.degrade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.image.AxisOperator;
import org.mppm.core.image.BilinearWarp;
import org.mppm.core.image.GaussianKernel;
import org.mppm.core.image.ImageBatch;
import org.mppm.core.Scopes;
import org.mppm.core.image.Padding;

/**
 * Elastic deformation with torchvision {@code ElasticTransform(alpha, sigma)} semantics: per image
 * and axis a field of U(-1, 1) values is blurred with a Gaussian of {@code int(8 sigma + 1)} taps
 * (made odd; reflect padding), scaled to pixels as {@code dx = (alpha / H)(W / 2) field_x},
 * {@code dy = (alpha / W)(H / 2) field_y} (on a square image {@code (alpha / 2) field}), and the
 * image is resampled bilinearly at pixel + displacement with zero fill.
 *
 * <p>Lower sigma is rougher and more severe (Table 5: sigma 1.5 mild, 1.1 severe; Table 1: 2.3 and
 * 1.8; alpha 34). On 28 x 28 with alpha 34 the mean |dx| is about 2.1 px at sigma 1.1 and 1.1 px at
 * 2.3. Difference from torchvision: it draws one field per call and applies it to the whole batch;
 * here each image gets its own field (as when the transform runs per sample in a data loader).
 */
public record ElasticDeformation(double alpha, double sigma) implements Degradation {

    /** The paper's alpha. */
    public static final double PAPER_ALPHA = 34;

    public ElasticDeformation {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("elastic alpha must be finite and >= 0; got " + alpha);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("elastic sigma must be finite and > 0; got " + sigma);
        }
    }

    /** alpha 34 as in the paper. */
    public static ElasticDeformation ofSigma(double sigma) {
        return new ElasticDeformation(PAPER_ALPHA, sigma);
    }

    @Override
    public NDArray apply(NDArray images, long seed) {
        Shape s = ImageBatch.requireUnitRange(images, "images");
        return Scopes.scoped(images, in -> {
            NDArray d = displacement(in.getManager(), s.get(0), (int) s.get(2), (int) s.get(3), seed);
            return BilinearWarp.warp(in.getManager(), in, d).clip(0, 1);
        });
    }

    /**
     * The pixel displacement fields {@code [B, 2, H, W]} (channel 0 along W, 1 along H) that
     * {@link #apply} uses for this seed, owned by {@code manager}.
     */
    public NDArray displacement(NDManager manager, long batch, int height, int width, long seed) {
        Shape fieldShape = new Shape(batch, 2, height, width);
        float[] field = HostRandom.symmetricUniform(seed, HostRandom.checkedSize(fieldShape.size()));
        double[] kernel = GaussianKernel.torchvision(sigma);
        try (NDManager sub = manager.newSubManager()) {
            NDArray f = sub.create(field, fieldShape);
            NDArray blurred = AxisOperator.applySeparable(sub,
                    f, AxisOperator.filter(kernel, height, Padding.REFLECT), AxisOperator.filter(kernel, width, Padding.REFLECT));
            float sx = (float) (alpha / height * width / 2);
            float sy = (float) (alpha / width * height / 2);
            NDArray scale = sub.create(new float[] {sx, sy}, new Shape(1, 2, 1, 1));
            NDArray out = blurred.mul(scale).toType(DataType.FLOAT32, false);
            out.attach(manager);
            return out;
        }
    }

    /** Mean |dx| in pixels of the fields for {@code batch} images of H x W (a diagnostic). */
    public double meanAbsDx(NDManager manager, long batch, int height, int width, long seed) {
        try (NDManager sub = manager.newSubManager()) {
            return displacement(sub, batch, height, width, seed).get(new NDIndex(":, 0")).abs().mean().getFloat();
        }
    }

    @Override
    public String key() {
        return "elastic-" + Degradation.number(alpha) + "-" + Degradation.number(sigma);
    }
}
