package org.mppm.core.mixture;

import java.util.SplittableRandom;
import org.mppm.core.Checks;

/**
 * The 2-D toy families of the MAD paper (mad.md, "experiments" 1-2) as {@link GaussianMixture}s:
 * <ul>
 *   <li>{@link #lines}: K equally weighted components {@code N(mu_k, R_k diag(along, across) R_k^T)},
 *       means equally spaced on a circle of radius {@code spread}, rotations {@code R_k} by a
 *       seeded uniform angle. {@code across = 0} gives components that are Diracs in one direction
 *       and Gaussians in the other; small {@code across} the paper's thin rotated Gaussians.</li>
 *   <li>{@link #circle}: a radial Gaussian around a circle, density about
 *       {@code exp(-(|x - c| - r)^2 / (2 v))}, <b>approximated</b> by {@code m} thin components at
 *       the equally spaced angles {@code theta_j = 2 pi j / m}: mean {@code c + r u_j}, variance
 *       {@code v} along the radius {@code u_j} and {@code h^2} along the tangent, {@code h = 2 pi r / m}
 *       the spacing of the means. Gaussians of standard deviation h at spacing h sum to a density
 *       that is constant along the circle up to a relative ripple of about {@code 2 exp(-2 pi^2)} (~5e-9);
 *       the approximation also thickens the ring by the curvature of each flat component
 *       (radial offset about {@code h^2 / (2 r)}), so use enough components that h is small against r.</li>
 * </ul>
 */
public final class MixtureFamilies {
    private MixtureFamilies() {}

    /**
     * @param count  K >= 1 components
     * @param along  variance along each component's principal line, {@code > 0}
     * @param across variance across it, {@code 0 <= across <= along} (0: a Dirac across)
     * @param spread radius of the circle the means sit on, {@code >= 0}
     * @param seed   seed of the rotation angles
     */
    public static GaussianMixture lines(int count, double along, double across, double spread, long seed) {
        Checks.requireAtLeast("count", count, 1);
        Checks.requirePositive("along", along);
        if (!(across >= 0 && across <= along)) {
            throw new IllegalArgumentException("across must lie in [0, along = " + along + "], got " + across);
        }
        if (!(spread >= 0) || !Double.isFinite(spread)) {
            throw new IllegalArgumentException("spread must be a finite number >= 0, got " + spread);
        }
        SplittableRandom random = new SplittableRandom(seed);
        GaussianMixture.Builder builder = GaussianMixture.builder();
        for (int k = 0; k < count; k++) {
            double position = 2 * Math.PI * k / count;
            double angle = Math.PI * random.nextDouble();
            double[] mean = {spread * Math.cos(position), spread * Math.sin(position)};
            builder.add(1, mean, rotated(angle, along, across));
        }
        return builder.build();
    }

    /**
     * @param cx             centre x
     * @param cy             centre y
     * @param radius         {@code r > 0}
     * @param radialVariance {@code v >= 0} (0: the circle itself, as a limit of flat components)
     * @param components     {@code m >= 3} components of the approximation
     */
    public static GaussianMixture circle(double cx, double cy, double radius, double radialVariance, int components) {
        Checks.requirePositive("radius", radius);
        Checks.requireAtLeast("components", components, 3);
        if (!(radialVariance >= 0) || !Double.isFinite(radialVariance)) {
            throw new IllegalArgumentException("radialVariance must be a finite number >= 0, got " + radialVariance);
        }
        double spacing = 2 * Math.PI * radius / components;
        GaussianMixture.Builder builder = GaussianMixture.builder();
        for (int j = 0; j < components; j++) {
            double theta = 2 * Math.PI * j / components;
            double[] mean = {cx + radius * Math.cos(theta), cy + radius * Math.sin(theta)};
            // principal axis along the tangent (theta + pi/2) with variance h^2, radial variance v across
            builder.add(1, mean, rotated(theta + Math.PI / 2, spacing * spacing, radialVariance));
        }
        return builder.build();
    }

    /** {@code R diag(along, across) R^T} with R the rotation by {@code angle}. */
    static double[][] rotated(double angle, double along, double across) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new double[][] {
            {along * c * c + across * s * s, (along - across) * c * s},
            {(along - across) * c * s, along * s * s + across * c * c}};
    }
}
