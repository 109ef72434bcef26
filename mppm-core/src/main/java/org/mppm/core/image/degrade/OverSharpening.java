package org.mppm.core.image.degrade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.image.AxisOperator;
import org.mppm.core.image.GaussianKernel;
import org.mppm.core.image.ImageBatch;
import org.mppm.core.Scopes;
import org.mppm.core.image.Padding;

/**
 * Over-sharpening by unsharp masking, {@code clip(I + s (I - G_sigma * I), 0, 1)} per channel of
 * {@code [B, C, H, W]}, as scikit-image {@code unsharp_mask(radius=sigma, amount=s)}: Gaussian of
 * radius {@code int(4 sigma + 0.5)} with SciPy "reflect" (edge-repeating) padding. Deterministic.
 * Larger s is more severe (Table 5: 10 mild, 18 severe); sigma defaults to 1 (scikit-image's
 * default radius; the paper does not give it).
 */
public record OverSharpening(double amount, double sigma) implements Degradation {

    public OverSharpening {
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("sharpening amount must be finite and >= 0; got " + amount);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sharpening sigma must be finite and > 0; got " + sigma);
        }
    }

    /** Amount s with sigma 1. */
    public static OverSharpening ofAmount(double amount) {
        return new OverSharpening(amount, 1.0);
    }

    @Override
    public NDArray apply(NDArray images, long seed) {
        Shape s = ImageBatch.requireUnitRange(images, "images");
        double[] kernel = GaussianKernel.truncated(sigma, 4.0);
        AxisOperator rows = AxisOperator.filter(kernel, (int) s.get(2), Padding.SYMMETRIC);
        AxisOperator cols = AxisOperator.filter(kernel, (int) s.get(3), Padding.SYMMETRIC);
        return Scopes.scoped(images, in -> {
            NDArray blurred = AxisOperator.applySeparable(in.getManager(), in, rows, cols);
            return in.add(in.sub(blurred).mul(amount)).clip(0, 1);
        });
    }

    @Override
    public String key() {
        return "sharpen-" + Degradation.number(amount);
    }
}
