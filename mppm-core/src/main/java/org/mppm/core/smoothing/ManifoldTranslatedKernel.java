package org.mppm.core.smoothing;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.Manifold;
import org.mppm.core.Scopes;

/**
 * Gaussian noise moved along a manifold M with projection Pi:
 * {@code Y = x + Pi(Pi(x) + sigma Z) - Pi(x)}, keeping x's offset from M. On an affine subspace it
 * is the tangential kernel {@code x + sigma P Z} of Proposition 3.1 (P the projection onto the
 * subspace's directions). Works with any {@link Manifold}: analytic, learned or a dense sample.
 *
 * @param manifold M, with ambient dimension D
 * @param sigma    the kernel width, {@code > 0}
 */
public record ManifoldTranslatedKernel(Manifold manifold, double sigma) implements SmoothingKernel {

    public ManifoldTranslatedKernel {
        Objects.requireNonNull(manifold, "manifold");
        Checks.requirePositive("sigma", sigma);
    }

    @Override
    public NDArray sample(NDArray x, NDArray z) {
        Checks.requirePoints("x", x, manifold.ambientDimension());
        return Scopes.scoped(x, in -> {
            NDArray foot = manifold.project(in);
            NDArray step = z.mul(sigma);
            step.attach(in.getManager()); // a temporary of this call, not of z's owner
            NDArray moved = manifold.project(foot.add(step));
            return in.add(moved).subi(foot);
        });
    }
}
