package org.mppm.samplers.mppm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mppm.core.Projection;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.geometry.AffineSubspace;
import org.mppm.core.geometry.Frames;
import org.mppm.core.geometry.PointSetDistance;
import org.mppm.core.geometry.Sphere;

/**
 * Algorithm 2 on exact parts: the "autoencoder" is a plane in R^5 (F = its chart, G = its
 * embedding), the latent code set S lies on the unit circle of that plane, D_S is the exact
 * distance to the circle.
 */
class LatentMppmProjectorTest {
    private static final AffineSubspace PLANE = new AffineSubspace(new double[] {1, 0, -1, 0, 2}, Frames.random(2, 5, 8));
    private static final Sphere LATENT_CIRCLE = new Sphere(new double[2], 1, Frames.standard(2, 2));

    private static NDArray codesOnCircle(NDManager nd) {
        Random random = new Random(3);
        double[][] s = new double[200][];
        for (int i = 0; i < s.length; i++) {
            double t = 0.5 + 0.2 * random.nextGaussian();
            s[i] = new double[] {Math.cos(t), Math.sin(t)};
        }
        return nd.create(s);
    }

    @Test
    void isTheEq12FlowBetweenAnEncodeAndADecode() {
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(codesOnCircle(nd), 0.2)) {
            NDArray x = nd.create(new double[][] {{0.3, 2, 1, -1, 0}, {2, 2, 2, 2, 2}, {-1, 0, 0.5, 0, 1}});
            LatentMppmProjector alg2 = LatentMppmProjector.builder().autoencoder(PLANE).distance(LATENT_CIRCLE)
                    .kernel(kde).alpha(0.2).beta(0.1).steps(12).recordTrajectory(true).build();
            try (Projection p = alg2.project(x);
                    Projection latent = MppmProjector.builder().distance(LATENT_CIRCLE).pullTowards(kde::kernelMean)
                            .alpha(0.2).beta(0.1).steps(12).build().project(PLANE.chart(x))) {
                NDArray expected = PLANE.embed(latent.result());
                assertTrue(p.result().sub(expected).abs().max().getDouble() < 1e-12);
                assertTrue(PLANE.distance(p.result()).max().getDouble() < 1e-9, "G(z) lies on G's image");
                assertEquals(13, p.trajectory().orElseThrow().getShape().get(0));
                assertEquals(2, p.trajectory().orElseThrow().getShape().get(2), "the trajectory is latent");
                // the codes end closer to S than they started
                NDArray start = LATENT_CIRCLE.distance(PLANE.chart(x));
                NDArray end = LATENT_CIRCLE.distance(latent.result());
                assertTrue(end.lt(start).all().getBoolean());
            }
        }
    }

    /** beta = 0 and the exact distance to S: Algorithm 2 becomes latent Eq. 11 and converges to the nearest code. */
    @Test
    void withoutPullAndWithTheExactDistanceItConvergesToTheNearestCode() {
        try (NDManager nd = NDManager.newBaseManager();
                PointSetDistance toCodes = new PointSetDistance(codesOnCircle(nd));
                GaussianKernelDensity kde = GaussianKernelDensity.of(codesOnCircle(nd), 0.2)) {
            NDArray x = nd.create(new double[][] {{0.3, 2, 1, -1, 0}, {2, 2, 2, 2, 2}, {-1, 0, 0.5, 0, 1}, {1, 0, -1, 0, 2}});
            LatentMppmProjector alg2 = LatentMppmProjector.builder().autoencoder(PLANE).distance(toCodes).kernel(kde)
                    .alpha(0.5).beta(0).steps(80).build();
            try (Projection p = alg2.project(x)) {
                NDArray expected = PLANE.embed(toCodes.nearest(PLANE.chart(x)));
                assertTrue(p.result().sub(expected).abs().max().getDouble() < 1e-9);
            }
        }
    }

    /** Starting from F(x) by hand gives what project(x) gives; a code of the wrong size is refused. */
    @Test
    void projectCodesIsProjectWithTheEncodeDoneByTheCaller() {
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(codesOnCircle(nd), 0.2)) {
            NDArray x = nd.create(new double[][] {{0.3, 2, 1, -1, 0}, {2, 2, 2, 2, 2}});
            LatentMppmProjector alg2 = LatentMppmProjector.builder().autoencoder(PLANE).distance(LATENT_CIRCLE)
                    .kernel(kde).alpha(0.2).beta(0.1).steps(5).build();
            try (Projection a = alg2.project(x); Projection b = alg2.projectCodes(PLANE.chart(x))) {
                assertEquals(0, a.result().sub(b.result()).abs().max().getDouble(), 1e-12);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> alg2.projectCodes(x));
            assertTrue(e.getMessage().contains("z"), e.getMessage());
        }
    }

    @Test
    void rejectsALatentDistanceOfTheWrongDimension() {
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(codesOnCircle(nd), 0.2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatentMppmProjector.builder()
                    .autoencoder(PLANE).distance(Sphere.unitCircleXY()).kernel(kde).build());
            assertTrue(e.getMessage().contains("latent dimension is 2"), e.getMessage());
        }
    }
}
