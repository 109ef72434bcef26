package org.mppm.core.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mppm.core.Arrays64;

/** The defining identities of an exact manifold, for random spheres and affine subspaces. */
class ExactManifoldProperties {

    record Case(ExactManifold manifold, double[][] points, double scale) {}

    @Provide
    Arbitrary<Case> manifolds() {
        Arbitrary<Integer> ambient = Arbitraries.integers().between(2, 6);
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<Double> radius = Arbitraries.doubles().between(0.2, 5);
        Arbitrary<Boolean> sphere = Arbitraries.of(true, false);
        return Combinators.combine(ambient, seeds, radius, sphere).as((dim, seed, r, isSphere) -> {
            Random random = new Random(seed);
            int k = isSphere ? 2 + random.nextInt(dim - 1) : 1 + random.nextInt(dim);
            double[] centre = Arrays64.gaussian(random, 1, dim, 2)[0];
            double[][] frame = Frames.random(k, dim, seed);
            ExactManifold m = isSphere ? new Sphere(centre, r, frame) : new AffineSubspace(centre, frame);
            double[][] pts = Arrays64.gaussian(random, 16, dim, 2 * r);
            for (double[] p : pts) {
                for (int j = 0; j < dim; j++) {
                    p[j] += centre[j];
                }
            }
            return new Case(m, pts, r);
        });
    }

    @Property(tries = 60)
    void eikonalGradientHasUnitNormOffTheManifold(@ForAll("manifolds") Case c) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(c.points());
            double[][] g = Arrays64.rows(c.manifold().gradient(x));
            double[] d = c.manifold().distance(x).toDoubleArray();
            for (int i = 0; i < g.length; i++) {
                if (d[i] > 1e-6) {
                    assertEquals(1, Arrays64.norm(g[i]), 1e-9, "|grad D| at point " + i);
                }
            }
        }
    }

    @Property(tries = 60)
    void projectionIsIdempotentAndLandsOnTheManifold(@ForAll("manifolds") Case c) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(c.points());
            NDArray once = c.manifold().project(x);
            NDArray twice = c.manifold().project(once);
            assertTrue(Arrays64.maxAbsDiff(Arrays64.rows(once), Arrays64.rows(twice)) < 1e-9 * (1 + c.scale()));
            for (double d : c.manifold().distance(once).toDoubleArray()) {
                assertEquals(0, d, 1e-9 * (1 + c.scale()));
            }
        }
    }

    @Property(tries = 60)
    void chartThenEmbeddingIsTheClosestPoint(@ForAll("manifolds") Case c) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(c.points());
            NDArray viaChart = c.manifold().embed(c.manifold().chart(x));
            double err = Arrays64.maxAbsDiff(Arrays64.rows(viaChart), Arrays64.rows(c.manifold().closestPoint(x)));
            assertTrue(err < 1e-9 * (1 + c.scale()), "G(F(x)) - x* = " + err);
        }
    }

    /** Eq. 7-8 with sigma_d = 1: x + s_d(x) = x - D(x) grad D(x) = x*. */
    @Property(tries = 60)
    void scoreStepWithUnitNoiseLandsOnTheClosestPoint(@ForAll("manifolds") Case c) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(c.points());
            NDArray score = c.manifold().gradient(x).mul(c.manifold().distance(x).expandDims(1)).neg();
            NDArray shifted = x.add(score);
            double err = Arrays64.maxAbsDiff(Arrays64.rows(shifted), Arrays64.rows(c.manifold().closestPoint(x)));
            assertTrue(err < 1e-9 * (1 + c.scale()), "x + s_d(x) - x* = " + err);
        }
    }

    /** The closest point is no farther than any other point of the manifold (checked on a dense sample). */
    @Property(tries = 30)
    void closestPointBeatsEveryManifoldSample(@ForAll("manifolds") Case c) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(c.points());
            double[] d = c.manifold().distance(x).toDoubleArray();
            Random random = new Random(1);
            NDArray z = nd.create(Arrays64.gaussian(random, 400, c.manifold().intrinsicDimension(), 2));
            double[][] samples = Arrays64.rows(c.manifold().embed(z));
            for (int i = 0; i < c.points().length; i++) {
                for (double[] s : samples) {
                    double dist = 0;
                    for (int j = 0; j < s.length; j++) {
                        dist += (s[j] - c.points()[i][j]) * (s[j] - c.points()[i][j]);
                    }
                    assertTrue(Math.sqrt(dist) >= d[i] - 1e-9, "a manifold sample is closer than x*");
                }
            }
        }
    }
}
