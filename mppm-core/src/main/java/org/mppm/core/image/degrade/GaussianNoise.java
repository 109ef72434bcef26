package org.mppm.core.image.degrade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.image.ImageBatch;
import org.mppm.core.Scopes;

/**
 * Additive Gaussian noise {@code clip(x + sigma N(0, 1), 0, 1)} on {@code [B, C, H, W]}
 * (Table 5: sigma 0.2 mild, 0.3 severe; Fig. 6: 0.7).
 */
public record GaussianNoise(double sigma) implements Degradation {

    public GaussianNoise {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise sigma must be finite and >= 0; got " + sigma);
        }
    }

    @Override
    public NDArray apply(NDArray images, long seed) {
        Shape s = ImageBatch.requireUnitRange(images, "images");
        return Scopes.scoped(images, in -> {
            NDArray noise = in.getManager().create(HostRandom.normal(seed, HostRandom.checkedSize(s.size())), s)
                    .toType(in.getDataType(), false);
            return in.add(noise.mul(sigma)).clip(0, 1);
        });
    }

    @Override
    public String key() {
        return "noise-" + Degradation.number(sigma);
    }
}
