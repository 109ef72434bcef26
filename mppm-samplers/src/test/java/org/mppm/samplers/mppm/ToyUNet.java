package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.LatentEncoding;
import org.mppm.core.Manifold;
import org.mppm.core.geometry.AffineSubspace;
import org.mppm.core.geometry.Frames;

/**
 * A toy U-Net with a context: F and G are a plane's chart and embedding in R^5, the skip of x is
 * its residual {@code S(x) = x - G(F(x))}, and the decoder is nonlinear in z and passes half the
 * skip, {@code G(S, z) = G(z) + S / 2 + |z|^2 e}.
 */
public final class ToyUNet implements Manifold {
    /** The plane whose chart and embedding are F and G. */
    public static final AffineSubspace PLANE = new AffineSubspace(new double[] {1, 0, -1, 0, 2}, Frames.random(2, 5, 8));
    /** The one instance (it is stateless). */
    public static final ToyUNet INSTANCE = new ToyUNet();

    private ToyUNet() {}

    @Override
    public int ambientDimension() {
        return 5;
    }

    @Override
    public int intrinsicDimension() {
        return 2;
    }

    @Override
    public NDArray embed(NDArray z) {
        return decode(z, z.zerosLike().sum(new int[] {1}, true).repeat(1, 5));
    }

    @Override
    public NDArray chart(NDArray x) {
        return PLANE.chart(x);
    }

    public NDArray skip(NDArray x) {
        return x.sub(PLANE.embed(PLANE.chart(x)));
    }

    public NDArray decode(NDArray z, NDArray skip) {
        NDArray e = z.getManager().create(new double[] {0.3, -0.2, 0.5, 0.1, 0.4});
        return PLANE.embed(z).add(skip.mul(0.5)).add(z.square().sum(new int[] {1}, true).mul(e));
    }

    @Override
    public LatentEncoding chartWithContext(NDArray x) {
        return new Encoding(chart(x), skip(x));
    }

    private final class Encoding implements LatentEncoding {
        final NDArray code;
        final NDArray skip;

        Encoding(NDArray code, NDArray skip) {
            this.code = code;
            this.skip = skip;
        }

        @Override
        public NDArray code() {
            return code;
        }

        @Override
        public NDArray decode(NDArray z) {
            return ToyUNet.this.decode(z, skip);
        }

        @Override
        public NDArray decodeWithContextChange(NDArray z, LatentEncoding start, LatentEncoding now) {
            return ToyUNet.this.decode(z, skip.add(((Encoding) now).skip).sub(((Encoding) start).skip));
        }

        @Override
        public void close() {
            code.close();
            skip.close();
        }
    }
}
