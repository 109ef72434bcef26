package org.mppm.core.image.degrade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.image.AxisOperator;
import org.mppm.core.image.ImageBatch;
import org.mppm.core.Scopes;

/**
 * Super-resolution input: bilinear resize of {@code [B, C, H, W]} to
 * {@code h = max(1, floor(factor H))}, {@code w = max(1, floor(factor W))}, then bilinear back to
 * H x W (PyTorch {@code interpolate(bilinear, align_corners=False, antialias=False)} with explicit
 * sizes both ways). Deterministic: the seed is ignored. Smaller factor is more severe (Table 5:
 * 0.5 mild, 0.35 severe). Both resizes are one precomputed H x H and W x W matrix pair.
 */
public record Downsampling(double factor) implements Degradation {

    public Downsampling {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("downsampling factor must be in (0, 1]; got " + factor);
        }
    }

    @Override
    public NDArray apply(NDArray images, long seed) {
        Shape s = ImageBatch.requireUnitRange(images, "images");
        int height = (int) s.get(2);
        int width = (int) s.get(3);
        int h = Math.max(1, (int) Math.floor(factor * height));
        int w = Math.max(1, (int) Math.floor(factor * width));
        AxisOperator rows = AxisOperator.resize(h, height).after(AxisOperator.resize(height, h));
        AxisOperator cols = AxisOperator.resize(w, width).after(AxisOperator.resize(width, w));
        return Scopes.scoped(images, in -> AxisOperator.applySeparable(in.getManager(), in, rows, cols).clip(0, 1));
    }

    @Override
    public String key() {
        return "downsample-" + Degradation.number(factor);
    }
}
