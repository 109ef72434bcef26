package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.mppm.core.density.ManifoldMean;
import org.mppm.core.geometry.Sphere;

/**
 * Fig. 4 with exact geometry: the unit circle in the xy-plane of R^3, data angles ~ N(theta0, s),
 * noisy starts on one side of the mode.
 */
final class CircleFixture {
    static final Sphere CIRCLE = Sphere.unitCircleXY();
    static final double THETA0 = Math.PI / 2;

    private CircleFixture() {}

    /** Codes (angles) {@code [n, 1]} drawn from N(theta0, s^2). */
    static NDArray codes(NDManager nd, int n, double s, long seed) {
        Random random = new Random(seed);
        double[][] codes = new double[n][1];
        for (double[] c : codes) {
            c[0] = THETA0 + s * random.nextGaussian();
        }
        return nd.create(codes);
    }

    /** Starts at angles theta0 + offset (+ jitter), off the circle radially and in z. */
    static NDArray starts(NDManager nd, int b, double offset, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[b][3];
        for (double[] p : x) {
            double theta = THETA0 + offset + 0.1 * random.nextGaussian();
            double r = 1 + 0.3 * random.nextGaussian();
            p[0] = r * Math.cos(theta);
            p[1] = r * Math.sin(theta);
            p[2] = 0.3 * random.nextGaussian();
        }
        return nd.create(x);
    }

    static ManifoldMean manifoldMean(NDManager nd, long seed) {
        return ManifoldMean.of(CIRCLE, codes(nd, 300, 0.35, seed), 0.1, 0.3, 8, seed);
    }
}
