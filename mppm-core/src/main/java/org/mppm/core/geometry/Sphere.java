package org.mppm.core.geometry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import org.mppm.core.Checks;
import org.mppm.core.Scopes;

/**
 * The k-sphere of radius r and centre c lying in the affine (k+1)-plane {@code c + span(E)} of
 * R^D, E a {@code [k+1, D]} orthonormal frame. A circle is the case k = 1 (any plane, any D).
 *
 * <p>Chart: hyperspherical angles of {@code y = (x - c) E^T}: for {@code i < k-1},
 * {@code phi_i = atan2(|y_{i+1..k}|, y_i)} in [0, pi], and {@code phi_{k-1} = atan2(y_k, y_{k-1})}
 * in (-pi, pi]; for a circle the single chart coordinate is the azimuth
 * {@code theta = atan2(y_1, y_0)}. Embedding: {@code c + r u(phi) E} with u the unit vector of those
 * angles. Closest point: {@code c + r y E / |y|} (for y = 0, every point of the sphere is closest;
 * the point {@code c + r E_0} is returned).
 */
public final class Sphere implements ExactManifold {
    private final double[] centre;
    private final double radius;
    private final double[][] frame;

    /**
     * @param centre c, length D
     * @param radius r > 0
     * @param frame  E, k + 1 >= 2 orthonormal rows of length D
     */
    public Sphere(double[] centre, double radius, double[][] frame) {
        Checks.requireFinite("centre", centre);
        Checks.requirePositive("radius", radius);
        if (frame.length < 2 || frame.length > centre.length) {
            throw new IllegalArgumentException(
                    "frame must have between 2 and " + centre.length + " rows (k + 1 for a k-sphere), got " + frame.length);
        }
        this.centre = centre.clone();
        this.radius = radius;
        this.frame = Frames.requireOrthonormal("frame", frame, centre.length);
    }

    /** The circle of the given centre and radius in the plane spanned by the orthonormal u and v. */
    public static Sphere circle(double[] centre, double radius, double[] u, double[] v) {
        return new Sphere(centre, radius, new double[][] {u, v});
    }

    /** The unit circle in the xy-plane of R^3 (the paper's Fig. 4). */
    public static Sphere unitCircleXY() {
        return new Sphere(new double[3], 1, Frames.standard(2, 3));
    }

    /** The round k-sphere of the given radius about the origin of R^(k+1). */
    public static Sphere round(int k, double radius) {
        return new Sphere(new double[k + 1], radius, Frames.standard(k + 1, k + 1));
    }

    public double radius() {
        return radius;
    }

    public double[] centre() {
        return centre.clone();
    }

    @Override
    public int ambientDimension() {
        return centre.length;
    }

    @Override
    public int intrinsicDimension() {
        return frame.length - 1;
    }

    /** Coordinates of x in the sphere's (k+1)-plane: {@code [B, D] -> [B, k+1]}. */
    private NDArray inPlane(NDArray x) {
        return x.sub(Constants.vector(x, centre)).matMul(Constants.matrix(x, frame).transpose());
    }

    /** {@code [B, D] -> [B, k]} hyperspherical angles (for a circle: the azimuth). */
    @Override
    public NDArray chart(NDArray x) {
        Checks.requirePoints("x", x, ambientDimension());
        int k = intrinsicDimension();
        return Scopes.scoped(x, in -> {
            NDArray y = inPlane(in);
            NDArray last = y.get(new NDIndex(":, {}:{}", k, k + 1)).atan2(y.get(new NDIndex(":, {}:{}", k - 1, k)));
            if (k == 1) {
                return last;
            }
            // tail[i] = |y_{i..k}|, so phi_i = atan2(tail[i+1], y_i) for i < k-1
            NDArray tail = y.square().flip(1).cumSum(1).flip(1).sqrt();
            NDArray polar = tail.get(new NDIndex(":, 1:{}", k)).atan2(y.get(new NDIndex(":, 0:{}", k - 1)));
            return polar.concat(last, 1);
        });
    }

    /** {@code [B, k] -> [B, D]}: {@code c + r u(phi) E}. */
    @Override
    public NDArray embed(NDArray phi) {
        Checks.requirePoints("z", phi, intrinsicDimension());
        return Scopes.scoped(phi, in -> {
            NDArray ones = in.getManager().ones(new ai.djl.ndarray.types.Shape(in.getShape().get(0), 1), in.getDataType());
            NDArray prefix = ones.concat(in.sin().cumProd(1), 1);
            NDArray cosines = in.cos().concat(ones, 1);
            NDArray u = prefix.mul(cosines);
            return u.matMul(Constants.matrix(in, frame)).muli(radius).addi(Constants.vector(in, centre));
        });
    }

    /** {@code [B, D] -> [B, D]}: {@code c + r y E / |y|}. */
    @Override
    public NDArray closestPoint(NDArray x) {
        Checks.requirePoints("x", x, ambientDimension());
        return Scopes.scoped(x, in -> {
            NDArray y = inPlane(in);
            NDArray norm = y.norm(new int[] {1}, true);
            // y = 0 (x on the sphere's axis): y / 1 = 0, plus the pole E_0
            NDArray degenerate = norm.eq(0).toType(norm.getDataType(), false);
            double[] e0 = new double[frame.length];
            e0[0] = 1;
            NDArray direction = y.div(norm.add(degenerate)).addi(degenerate.mul(Constants.vector(in, e0)));
            return direction.matMul(Constants.matrix(in, frame)).muli(radius).addi(Constants.vector(in, centre));
        });
    }
}
