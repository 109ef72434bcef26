package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.mppm.core.Checks;
import org.mppm.core.Manifold;
import org.mppm.core.Scopes;

/**
 * A trained MLP autoencoder seen as a {@link Manifold}: chart = encoder F, embedding = decoder G,
 * in inference mode. {@code [B, D] <-> [B, d]}; results belong to the input's manager.
 */
public final class LearnedManifold implements Manifold {
    private final MlpAutoencoder autoencoder;
    private final ParameterStore store;

    public LearnedManifold(MlpAutoencoder autoencoder) {
        this.autoencoder = autoencoder;
        this.store = Stores.direct();
    }

    @Override
    public int ambientDimension() {
        return autoencoder.ambientDimension();
    }

    @Override
    public int intrinsicDimension() {
        return autoencoder.latentDimension();
    }

    @Override
    public NDArray embed(NDArray z) {
        Checks.requirePoints("z", z, intrinsicDimension());
        return Scopes.scoped(z, in -> autoencoder.decode(store, in, false));
    }

    @Override
    public NDArray chart(NDArray x) {
        Checks.requirePoints("x", x, ambientDimension());
        return Scopes.scoped(x, in -> autoencoder.encode(store, in, false));
    }
}
