package org.mppm.core.image.degrade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.mppm.core.image.ImageBatch;

/**
 * Missing pixels (inpainting input): black square patches of side {@code patch} pixels at uniform
 * random positions are set to 0 in all channels of {@code [B, C, H, W]} until they cover at least
 * {@code fraction} of each image (the last patch may overshoot by less than one patch). Table 5:
 * 0.04 mild, 0.1 severe. With the same seed a larger fraction draws the same patches and more, so
 * its mask contains the smaller fraction's mask (severity is monotone pixel by pixel).
 *
 * @param fraction target coverage in [0, 1]
 * @param patch patch side in pixels; 0 means {@code max(1, round(min(H, W) / 15))} (8 px on 120 x 120,
 *     2 px on 28 x 28)
 */
public record MissingPixels(double fraction, int patch) implements Degradation {

    public MissingPixels {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("missing-pixel fraction must be in [0, 1]; got " + fraction);
        }
        if (patch < 0) {
            throw new IllegalArgumentException("patch side must be >= 0 (0 = automatic); got " + patch);
        }
    }

    /** Automatic patch size. */
    public static MissingPixels ofFraction(double fraction) {
        return new MissingPixels(fraction, 0);
    }

    /** The patch side used on an H x W image. */
    public int patchSide(int height, int width) {
        return patch > 0 ? patch : Math.max(1, (int) Math.round(Math.min(height, width) / 15.0));
    }

    @Override
    public NDArray apply(NDArray images, long seed) {
        Shape s = ImageBatch.requireUnitRange(images, "images");
        Overlay o = new Overlay(s);
        int side = Math.min(patchSide(o.h, o.w), Math.min(o.h, o.w));
        long target = (long) Math.ceil(fraction * o.h * o.w);
        float[] black = new float[o.c];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int n = 0; n < o.b; n++) {
            SplittableRandom r = rng.split();
            long covered = 0;
            while (covered < target) {
                int y0 = r.nextInt(o.h - side + 1);
                int x0 = r.nextInt(o.w - side + 1);
                for (int y = y0; y < y0 + side; y++) {
                    for (int x = x0; x < x0 + side; x++) {
                        if (o.mask[(n * o.h + y) * o.w + x] == 0) {
                            covered++;
                            o.set(n, y, x, black);
                        }
                    }
                }
            }
        }
        return o.composite(images);
    }

    @Override
    public String key() {
        return "missing-" + Degradation.number(fraction);
    }
}
