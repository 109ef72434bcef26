package org.mppm.models.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A seeded generator of cartoon colour faces {@code [N, 3, S, S]} in [0, 1]: the generated
 * stand-in for SCUT-FBP5500 when no face folder is given. Every image is a smooth function
 * {@code x = G(z)} of {@value #FACTORS} latent factors {@code z} in {@code [0, 1)^21} drawn
 * uniformly (see {@link #factors(int)}), so the images lie on a 21-dimensional manifold of the
 * {@code 3 S^2}-dimensional pixel space, as the MPPM paper's manifold hypothesis (Section 2.1)
 * assumes of real faces.
 *
 * <p>The factors, in order: head centre x, head centre y, head width, head aspect (height / width),
 * head rotation (about +-10 degrees), skin lightness, skin warmth, hair darkness, hair hue (brown,
 * auburn, blond), hairline height, hair volume, eye spacing, eye height, eye size, mouth curvature
 * (frown to smile), mouth width, light direction, light strength, background hue, background
 * lightness, shirt hue.
 *
 * <p>The picture, back to front: a background with a vertical brightness gradient; shoulders in a
 * shirt colour; hair behind the head; an elliptical head with radial shading; a fringe of hair
 * above the hairline; eyes (white and a dark pupil), eyebrows in the hair colour and a curved mouth.
 * A linear lighting gradient multiplies everything but the background. All edges are anti-aliased
 * (pixel coverage from signed distances, one pixel wide), so 32 x 32 and 48 x 48 images look like
 * small photographs of smooth shapes rather than pixel noise.
 *
 * <p>Image {@code i} depends only on {@code (seed, i)}: the same seed gives the same images, the
 * first k images of a larger batch equal a batch of k, and different seeds give different faces.
 * Generated on the host, images in parallel (each is independent, so the result does not depend on
 * the thread count), then copied to the engine once.
 *
 * @param size image side S (height = width), 8 to 1024
 * @param seed the generator's seed
 */
public record SyntheticFaces(int size, long seed) {

    /** Number of latent factors: the dimension of the image manifold. */
    public static final int FACTORS = 21;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    public SyntheticFaces {
        if (size < 8 || size > 1024) {
            throw new IllegalArgumentException("synthetic face size must be in 8..1024 pixels; got " + size);
        }
    }

    /** The latent factors of image {@code index} (>= 0), each uniform in [0, 1). */
    public double[] factors(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("image index must be >= 0; got " + index);
        }
        SplittableRandom r = new SplittableRandom(seed ^ (GOLDEN * (index + 1L)));
        double[] z = new double[FACTORS];
        for (int k = 0; k < FACTORS; k++) {
            z[k] = r.nextDouble();
        }
        return z;
    }

    /** Images 0 .. count - 1 as {@code [count, 3, S, S]}, owned by {@code manager}. */
    public NDArray images(NDManager manager, int count) {
        return manager.create(hostImages(count), new Shape(count, 3, size, size));
    }

    /** Images 0 .. count - 1 on the host, {@code count * 3 * S * S} values, image-major, CHW. */
    public float[] hostImages(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("number of synthetic faces must be >= 1; got " + count);
        }
        int plane = 3 * size * size;
        if ((long) count * plane > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(count + " faces of " + size + " x " + size
                    + " do not fit one host buffer; generate fewer at a time");
        }
        float[] out = new float[count * plane];
        IntStream.range(0, count).parallel().forEach(i -> render(factors(i), out, i * plane));
        return out;
    }

    /** Renders one face {@code G(z)} as {@code [3, S, S]} (CHW) in [0, 1]. */
    public float[] render(double[] z) {
        float[] out = new float[3 * size * size];
        render(z, out, 0);
        return out;
    }

    private void render(double[] z, float[] out, int offset) {
        if (z.length != FACTORS) {
            throw new IllegalArgumentException("a face needs " + FACTORS + " factors; got " + z.length);
        }
        Face f = new Face(z);
        double px = 2.0 / size;
        int plane = size * size;
        double[] c = new double[3];
        for (int y = 0; y < size; y++) {
            double v = (y + 0.5) * px - 1;
            for (int x = 0; x < size; x++) {
                double u = (x + 0.5) * px - 1;
                f.shade(u, v, px, c);
                int p = offset + y * size + x;
                out[p] = clamp01(c[0]);
                out[p + plane] = clamp01(c[1]);
                out[p + 2 * plane] = clamp01(c[2]);
            }
        }
    }

    /** The geometry and colours of one face, derived from its factors. Coordinates in [-1, 1], y down. */
    private static final class Face {
        final double cx;
        final double cy;
        final double a;
        final double b;
        final double cos;
        final double sin;
        final double[] skin;
        final double[] hair;
        final double hairline;
        final double hairA;
        final double hairB;
        final double eyeX;
        final double eyeY;
        final double eyeR;
        final double smile;
        final double mouthW;
        final double lightX;
        final double lightY;
        final double[] bg;
        final double[] shirt;
        final double[] headColour = new double[3];

        Face(double[] z) {
            cx = -0.12 + 0.24 * z[0];
            cy = -0.08 + 0.14 * z[1];
            a = 0.40 + 0.14 * z[2];
            b = a * (1.12 + 0.22 * z[3]);
            double angle = (z[4] - 0.5) * 0.35;
            cos = Math.cos(angle);
            sin = Math.sin(angle);
            double light = z[5];
            double warm = z[6] - 0.5;
            skin = new double[] {
                mix(0.38, 0.98, light) + 0.08 * warm,
                mix(0.23, 0.82, light),
                mix(0.15, 0.70, light) - 0.08 * warm};
            double[] hue = z[8] < 0.5
                    ? mixRgb(new double[] {0.30, 0.18, 0.10}, new double[] {0.60, 0.26, 0.10}, 2 * z[8])
                    : mixRgb(new double[] {0.60, 0.26, 0.10}, new double[] {0.90, 0.76, 0.45}, 2 * z[8] - 1);
            double darkness = 0.25 + 0.75 * (1 - z[7]);
            hair = new double[] {hue[0] * darkness, hue[1] * darkness, hue[2] * darkness};
            hairline = -b * (0.25 + 0.35 * z[9]);
            hairA = a * (1.06 + 0.22 * z[10]);
            hairB = b * (1.02 + 0.12 * z[10]);
            eyeX = a * (0.30 + 0.14 * z[11]);
            eyeY = -b * (0.02 + 0.14 * z[12]);
            eyeR = a * (0.10 + 0.06 * z[13]);
            smile = 2 * z[14] - 0.7;
            mouthW = a * (0.25 + 0.17 * z[15]);
            double lightAngle = 2 * Math.PI * z[16];
            double strength = 0.45 * z[17];
            lightX = strength * Math.cos(lightAngle);
            lightY = strength * Math.sin(lightAngle);
            bg = hsv(z[18], 0.35, 0.45 + 0.5 * z[19]);
            shirt = hsv(z[20], 0.6, 0.65);
        }

        void shade(double u, double v, double px, double[] c) {
            double top = 1.08 - 0.16 * (v + 1) / 2;
            c[0] = bg[0] * top;
            c[1] = bg[1] * top;
            c[2] = bg[2] * top;
            double lit = 1 + lightX * u + lightY * v;
            paint(c, shirt, lit, cover(ellipse(u - cx, v - 1.22, 0.95, 0.5), px));
            // head-local coordinates: translated to the head centre and rotated upright
            double du = u - cx;
            double dv = v - cy;
            double x = cos * du + sin * dv;
            double y = -sin * du + cos * dv;
            paint(c, hair, lit, cover(ellipse(x, y + 0.12 * b, hairA, hairB), px));
            double head = cover(ellipse(x, y, a, b), px);
            if (head <= 0) {
                return;
            }
            double r2 = (x * x) / (a * a) + (y * y) / (b * b);
            double fringe = cover(y - hairline, px);
            double skinGain = lit * (1.05 - 0.22 * Math.min(1, r2));
            for (int k = 0; k < 3; k++) {
                headColour[k] = mix(skin[k] * skinGain, hair[k] * lit, fringe);
            }
            paint(c, headColour, 1, head);
            for (int side = -1; side <= 1; side += 2) {
                double ex = x - side * eyeX;
                double ey = y - eyeY;
                if (Math.abs(ex) > 2 * eyeR + px || Math.abs(ey) > 3 * eyeR + px) {
                    continue;
                }
                paint(c, WHITE, lit, cover(ellipse(ex, ey, eyeR * 1.5, eyeR), px));
                paint(c, PUPIL, 1, cover(ellipse(ex, ey, eyeR * 0.75, eyeR * 0.75), px));
                double brow = Math.max(Math.abs(y - eyeY + 2.1 * eyeR - 0.3 * ex * ex / eyeR) - 0.3 * eyeR,
                        Math.abs(ex) - 1.6 * eyeR);
                paint(c, hair, lit * 0.8, cover(brow, px));
            }
            if (Math.abs(x) < mouthW + px) {
                double mouthY = b * 0.48 - smile * 0.14 * b * (x * x) / (mouthW * mouthW);
                double mouth = Math.max(Math.abs(y - mouthY) - (0.035 * a + 0.3 * px), Math.abs(x) - mouthW);
                paint(c, LIPS, lit, head * cover(mouth, px));
            }
        }

        private static final double[] WHITE = {0.96, 0.96, 0.94};
        private static final double[] PUPIL = {0.10, 0.07, 0.06};
        private static final double[] LIPS = {0.62, 0.18, 0.20};
    }

    /** Approximate signed distance to an axis-aligned ellipse (first-order, exact on the boundary). */
    static double ellipse(double x, double y, double a, double b) {
        double f = (x * x) / (a * a) + (y * y) / (b * b) - 1;
        double gx = 2 * x / (a * a);
        double gy = 2 * y / (b * b);
        return f / Math.max(Math.sqrt(gx * gx + gy * gy), 1e-9);
    }

    /** Pixel coverage of the region {@code sd < 0}: a one-pixel linear ramp across the edge. */
    static double cover(double sd, double px) {
        return Math.max(0, Math.min(1, 0.5 - sd / px));
    }

    private static void paint(double[] c, double[] colour, double gain, double alpha) {
        if (alpha <= 0) {
            return;
        }
        for (int k = 0; k < 3; k++) {
            c[k] += alpha * (colour[k] * gain - c[k]);
        }
    }

    private static double mix(double lo, double hi, double t) {
        return lo + (hi - lo) * t;
    }

    private static double[] mixRgb(double[] lo, double[] hi, double t) {
        return new double[] {mix(lo[0], hi[0], t), mix(lo[1], hi[1], t), mix(lo[2], hi[2], t)};
    }

    /** HSV to RGB, hue in [0, 1) (continuous in all three arguments). */
    private static double[] hsv(double h, double s, double v) {
        double[] rgb = new double[3];
        for (int k = 0; k < 3; k++) {
            double n = (5 - 2 * k + h * 6) % 6; // k = 0 red (n = 5), 1 green (3), 2 blue (1)
            double t = Math.max(0, Math.min(Math.min(n, 4 - n), 1));
            rgb[k] = v - v * s * t;
        }
        return rgb;
    }

    private static float clamp01(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }
}
