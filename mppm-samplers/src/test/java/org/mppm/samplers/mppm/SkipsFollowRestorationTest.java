package org.mppm.samplers.mppm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mppm.core.LatentEncoding;
import org.mppm.core.Projection;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.geometry.AffineSubspace;
import org.mppm.core.geometry.Frames;
import org.mppm.core.geometry.Sphere;

/**
 * Algorithm 2 with the skips following the restoration, on the toy U-Net {@link ToyUNet}.
 */
class SkipsFollowRestorationTest {
    private static final AffineSubspace PLANE = ToyUNet.PLANE;
    private static final Sphere LATENT_CIRCLE = new Sphere(new double[2], 1, Frames.standard(2, 2));

    private static final ToyUNet UNET = ToyUNet.INSTANCE;

    private static GaussianKernelDensity kernel(NDManager nd) {
        Random random = new Random(3);
        double[][] s = new double[200][];
        for (int i = 0; i < s.length; i++) {
            double t = 0.5 + 0.2 * random.nextGaussian();
            s[i] = new double[] {Math.cos(t), Math.sin(t)};
        }
        return GaussianKernelDensity.of(nd.create(s), 0.2);
    }

    private static LatentMppmProjector.Builder alg2(GaussianKernelDensity kde) {
        return LatentMppmProjector.builder().autoencoder(UNET).distance(LATENT_CIRCLE).kernel(kde).alpha(0.2).beta(0.1);
    }

    /** x^{n+1} = G(S(x) + S(x^n) - S(x^1), z^{n+1}) along the default's latent path, computed by hand. */
    @Test
    void decodesEachStepWithTheSkipsMovedByTheRestorationsChange() {
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = kernel(nd)) {
            NDArray x = nd.create(new double[][] {{0.3, 2, 1, -1, 0}, {2, 2, 2, 2, 2}, {-1, 0, 0.5, 0, 1}});
            try (Projection following = alg2(kde).steps(6).skipsFollowRestoration(true).recordTrajectory(true).build().project(x);
                    Projection plain = alg2(kde).steps(6).recordTrajectory(true).build().project(x)) {
                NDArray path = plain.trajectory().orElseThrow();
                NDArray skip = UNET.skip(x);
                NDArray first = UNET.decode(path.get(0), skip);
                NDArray expected = first;
                for (int n = 1; n <= 6; n++) {
                    expected = UNET.decode(path.get(n), skip.add(UNET.skip(expected)).sub(UNET.skip(first)));
                }
                assertTrue(following.result().sub(expected).abs().max().getDouble() < 1e-9);
                assertTrue(following.trajectory().orElseThrow().sub(path).abs().max().getDouble() < 1e-12,
                        "z runs the default's latent path");
                assertTrue(following.result().sub(plain.result()).abs().max().getDouble() > 1e-3,
                        "the skips' change reaches the output");
            }
        }
    }

    /** 0 steps is G(F(x)); codes that do not move (on S, no pull) leave G(F(x)) unchanged over 16 steps. */
    @Test
    void movesTheOutputOnlyThroughZ() {
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = kernel(nd)) {
            NDArray onCircle = nd.create(new double[][] {{Math.cos(0.4), Math.sin(0.4)}, {Math.cos(2.0), Math.sin(2.0)}});
            NDArray w = nd.create(new double[][] {{0.5, -1, 0.2, 0.3, 0}, {0, 0.1, -0.7, 1, 0.2}});
            NDArray x = PLANE.embed(onCircle).add(w.sub(PLANE.closestPoint(w))); // codes on S, a skip off the plane
            NDArray reconstructed;
            try (LatentEncoding e = UNET.chartWithContext(x)) {
                reconstructed = e.decode(e.code());
            }
            try (Projection none = alg2(kde).steps(0).skipsFollowRestoration(true).build().project(x);
                    Projection still = alg2(kde).beta(0).steps(16).skipsFollowRestoration(true).build().project(x)) {
                assertTrue(none.result().sub(reconstructed).abs().max().getDouble() < 1e-12);
                assertTrue(still.result().sub(reconstructed).abs().max().getDouble() < 1e-9);
            }
        }
    }

    @Test
    void excludesReencoding() {
        try (NDManager nd = NDManager.newBaseManager(); GaussianKernelDensity kde = kernel(nd)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> alg2(kde).reencodeEachStep(true).skipsFollowRestoration(true).build());
            assertTrue(e.getMessage().contains("exclude"), e.getMessage());
        }
    }
}
