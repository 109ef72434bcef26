package org.mppm.core.geometry;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Checks;
import org.mppm.core.Scopes;

/**
 * The affine subspace {@code {c + z E : z in R^d}} of R^D, with E a {@code [d, D]} orthonormal
 * frame. Chart {@code F(x) = (x - c) E^T}, embedding {@code G(z) = c + z E}, closest point
 * {@code G(F(x))} (orthogonal projection). Immutable.
 */
public final class AffineSubspace implements ExactManifold {
    private final double[] origin;
    private final double[][] frame;

    /**
     * @param origin c, length D
     * @param frame  E, d orthonormal rows of length D (see {@link Frames})
     */
    public AffineSubspace(double[] origin, double[][] frame) {
        Checks.requireFinite("origin", origin);
        if (frame.length < 1 || frame.length > origin.length) {
            throw new IllegalArgumentException(
                    "frame must have between 1 and " + origin.length + " rows, got " + frame.length);
        }
        this.origin = origin.clone();
        this.frame = Frames.requireOrthonormal("frame", frame, origin.length);
    }

    @Override
    public int ambientDimension() {
        return origin.length;
    }

    @Override
    public int intrinsicDimension() {
        return frame.length;
    }

    /** {@code [B, D] -> [B, d]}: {@code (x - c) E^T}. */
    @Override
    public NDArray chart(NDArray x) {
        Checks.requirePoints("x", x, ambientDimension());
        return Scopes.scoped(x, in -> in.sub(Constants.vector(in, origin))
                .matMul(Constants.matrix(in, frame).transpose()));
    }

    /** {@code [B, d] -> [B, D]}: {@code c + z E}. */
    @Override
    public NDArray embed(NDArray z) {
        Checks.requirePoints("z", z, intrinsicDimension());
        return Scopes.scoped(z, in -> in.matMul(Constants.matrix(in, frame)).add(Constants.vector(in, origin)));
    }

    @Override
    public NDArray closestPoint(NDArray x) {
        try (NDArray z = chart(x)) {
            return embed(z);
        }
    }
}
