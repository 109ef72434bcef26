package org.mppm.core.image.degrade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.Scopes;

/**
 * Paint drawn on the host: a coverage mask {@code [B, 1, H, W]} in {0, 1} and a paint colour
 * {@code [B, C, H, W]}, composited as {@code x (1 - mask) + paint mask} (two transfers per call).
 */
final class Overlay {
    final int b;
    final int c;
    final int h;
    final int w;
    final float[] mask;
    final float[] paint;

    Overlay(Shape s) {
        this.b = (int) s.get(0);
        this.c = (int) s.get(1);
        this.h = (int) s.get(2);
        this.w = (int) s.get(3);
        this.mask = new float[HostRandom.checkedSize((long) b * h * w)];
        this.paint = new float[HostRandom.checkedSize(s.size())];
    }

    /** Paints pixel (y, x) of image n with colour {@code rgb} (length C). */
    void set(int n, int y, int x, float[] colour) {
        int p = y * w + x;
        mask[n * h * w + p] = 1;
        for (int k = 0; k < c; k++) {
            paint[((n * c + k) * h) * w + p] = colour[k];
        }
    }

    NDArray composite(NDArray images) {
        return Scopes.scoped(images, in -> {
            NDManager m = in.getManager();
            NDArray msk = m.create(mask, new Shape(b, 1, h, w)).toType(in.getDataType(), false);
            NDArray col = m.create(paint, new Shape(b, c, h, w)).toType(in.getDataType(), false);
            return in.mul(msk.neg().add(1)).add(col.mul(msk));
        });
    }
}
