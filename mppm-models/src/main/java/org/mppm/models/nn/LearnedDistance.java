package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.mppm.core.Checks;
import org.mppm.core.DistanceField;
import org.mppm.core.Scopes;
import org.mppm.core.CloseGuard;

/**
 * A trained scalar MLP seen as a {@link DistanceField}, in inference mode (no dropout):
 * distance {@code [B, D] -> [B]}, and its exact input gradient {@code [B, D] -> [B, D]} in closed
 * form from the same forward pass ({@link Mlp#forwardWithInputGradient}).
 */
public final class LearnedDistance implements DistanceField {
    private final Mlp network;
    private final ParameterStore store;

    private final CloseGuard guard;

    /** A view without a lifecycle of its own (the caller keeps the network's parameters alive). */
    public LearnedDistance(Mlp network) {
        this(network, new CloseGuard("distance network"));
    }

    /** @param guard the lifecycle of the model that owns the parameters: every call runs under it */
    public LearnedDistance(Mlp network, CloseGuard guard) {
        if (network.outputSize() != 1) {
            throw new IllegalArgumentException("a distance network has one output, this one has " + network.outputSize());
        }
        this.network = network;
        this.store = Stores.direct();
        this.guard = guard;
    }

    @Override
    public int dimension() {
        return network.inputSize();
    }

    @Override
    public NDArray distance(NDArray x) {
        Checks.requirePoints("x", x, dimension());
        Checks.requireDataType("x", x, DataType.FLOAT32);
        return guard.call(() -> Scopes.scoped(x, in -> network.forward(store, new NDList(in), false).singletonOrThrow()
                .squeeze(1)));
    }

    @Override
    public NDArray gradient(NDArray x) {
        Checks.requirePoints("x", x, dimension());
        Checks.requireDataType("x", x, DataType.FLOAT32);
        return guard.call(() -> Scopes.scoped(x, in -> network.forwardWithInputGradient(store, in, false).get(1)));
    }

    @Override
    public NDList distanceWithGradient(NDArray x) {
        Checks.requirePoints("x", x, dimension());
        Checks.requireDataType("x", x, DataType.FLOAT32);
        return guard.call(() -> Scopes.scopedList(x, in -> network.forwardWithInputGradient(store, in, false)));
    }
}
