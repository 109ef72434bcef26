package org.mppm.models.data;

import java.util.SplittableRandom;
import org.mppm.core.SeededNoise;

/**
 * The data of the MPPM paper's Figs. 4-5: points of the unit half circle in the xy-plane of R^3,
 * rows {@code [x, y, 0]}. Training angles follow N(theta0, spread^2) truncated to [0, pi] (dense
 * around theta0, sparse towards the far end); test angles are stratified uniform over [0, pi] (so
 * sparse regions are probed) and the test points carry N(0, noise^2) in all three axes. Seeded on
 * the host: the same seed gives the same points on any engine. Immutable.
 *
 * @param theta0 the mode of the training angles
 * @param spread the standard deviation of the training angles before truncation, {@code > 0}
 * @param noise  the standard deviation of the test points' noise, {@code >= 0}
 */
public record HalfCircle(double theta0, double spread, double noise) {

    public HalfCircle {
        if (!Double.isFinite(theta0) || !(spread > 0) || !Double.isFinite(spread) || !(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("a half circle needs a finite theta0, spread > 0 and noise >= 0; got theta0 "
                    + theta0 + ", spread " + spread + ", noise " + noise);
        }
    }

    /** Noisy test points {@code [n][3]} and the angle each was drawn at. */
    public record Noisy(double[][] points, double[] angles) {}

    /** {@code n} clean training points {@code [n][3]}. */
    public double[][] clean(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double t;
            do {
                t = theta0 + spread * SeededNoise.gaussian(random);
            } while (t < 0 || t > Math.PI);
            p[i] = new double[] {Math.cos(t), Math.sin(t), 0};
        }
        return p;
    }

    /** {@code n} noisy test points: angle i uniform in {@code [pi i / n, pi (i + 1) / n)}, then noise in x, y and z. */
    public Noisy noisy(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double[][] p = new double[n][];
        double[] angles = new double[n];
        for (int i = 0; i < n; i++) {
            double t = Math.PI * (i + random.nextDouble()) / n;
            angles[i] = t;
            p[i] = new double[] {Math.cos(t) + noise * SeededNoise.gaussian(random),
                    Math.sin(t) + noise * SeededNoise.gaussian(random), noise * SeededNoise.gaussian(random)};
        }
        return new Noisy(p, angles);
    }
}
