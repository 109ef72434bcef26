package org.mppm.core.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Resamples images at displaced pixel positions with bilinear interpolation and zero fill
 * (PyTorch {@code grid_sample(mode="bilinear", padding_mode="zeros", align_corners=False)} in pixel
 * units): {@code out[b, c, i, j] = bilinear(x[b, c], i + dy[b, i, j], j + dx[b, i, j])}, where a
 * neighbour outside the image contributes 0. Batched with gathers; no per-sample loop.
 */
public final class BilinearWarp {
    private BilinearWarp() {}

    /**
     * @param manager owner of the result (the caller's scope)
     * @param x images {@code [B, C, H, W]}
     * @param displacement pixel displacements {@code [B, 2, H, W]}: channel 0 along W (x), 1 along H (y)
     * @return warped images {@code [B, C, H, W]}
     */
    public static NDArray warp(NDManager manager, NDArray x, NDArray displacement) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        if (!displacement.getShape().equals(new Shape(b, 2, h, w))) {
            throw new IllegalArgumentException("displacement must be [B, 2, H, W] = " + new Shape(b, 2, h, w)
                    + "; got " + displacement.getShape());
        }
        DataType t = x.getDataType();
        NDArray cols = manager.arange(0f, (float) w).toType(t, false).reshape(1, 1, w);
        NDArray rows = manager.arange(0f, (float) h).toType(t, false).reshape(1, h, 1);
        NDArray d = displacement.toType(t, false);
        NDArray px = d.get(new NDIndex(":, 0")).add(cols).reshape(b, 1, (long) h * w);
        NDArray py = d.get(new NDIndex(":, 1")).add(rows).reshape(b, 1, (long) h * w);
        NDArray x0 = px.floor();
        NDArray y0 = py.floor();
        NDArray fx = px.sub(x0);
        NDArray fy = py.sub(y0);
        NDArray flat = x.reshape(b, c, (long) h * w);
        NDArray out = manager.zeros(new Shape(b, c, (long) h * w), t);
        for (int dy = 0; dy <= 1; dy++) {
            NDArray yi = y0.add(dy);
            NDArray wy = dy == 0 ? fy.neg().add(1) : fy;
            for (int dx = 0; dx <= 1; dx++) {
                NDArray xi = x0.add(dx);
                NDArray wx = dx == 0 ? fx.neg().add(1) : fx;
                NDArray valid = xi.gte(0).logicalAnd(xi.lte(w - 1)).logicalAnd(yi.gte(0)).logicalAnd(yi.lte(h - 1));
                NDArray weight = wx.mul(wy).mul(valid.toType(t, false));
                NDArray index = yi.clip(0, h - 1).mul(w).add(xi.clip(0, w - 1))
                        .toType(DataType.INT64, false).broadcast(new Shape(b, c, (long) h * w));
                out = out.add(flat.gather(index, 2).mul(weight));
            }
        }
        return out.reshape(s);
    }
}
