package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.mppm.core.Checks;
import org.mppm.core.Manifold;
import org.mppm.core.Scopes;

/**
 * A trained autoencoder seen as a {@link Manifold}: chart = encoder F, embedding = decoder G, in
 * inference mode. {@code [B, ...] <-> [B, d]} (points or images); results belong to the input's
 * manager.
 */
public final class LearnedManifold implements Manifold {
    private final Autoencoder autoencoder;
    private final ParameterStore store;

    public LearnedManifold(Autoencoder autoencoder) {
        this.autoencoder = autoencoder;
        this.store = Stores.direct();
    }

    @Override
    public int ambientDimension() {
        return Math.toIntExact(autoencoder.sampleShape().size());
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
        autoencoder.requireSamples("x", x, 1);
        return Scopes.scoped(x, in -> autoencoder.encode(store, in, false));
    }
}
