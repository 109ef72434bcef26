package org.mppm.models.edm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The exponential moving average of a block's parameters over training steps (package-private;
 * EDM trains with one): {@code theta_ema <- d theta_ema + (1 - d) theta} after every step,
 * starting from the initial parameters, and {@link #copyInto} writes the average into the block
 * at the end. With {@code d = 0} it does nothing. The averages live in their own manager, closed
 * with this object; each update's temporaries are closed at once.
 */
final class ParameterAverage implements AutoCloseable {
    private final double decay;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> averages = new ArrayList<>();
    private final NDManager manager;

    private ParameterAverage(Block block, double decay) {
        this.decay = decay;
        this.manager = decay == 0 ? null : NDManager.newBaseManager();
        if (decay > 0) {
            for (Pair<String, Parameter> pair : block.getParameters()) {
                parameters.add(pair.getValue());
                NDArray copy = pair.getValue().getArray().duplicate();
                copy.attach(manager);
                averages.add(copy);
            }
        }
    }

    /** The average of {@code block}'s parameters with decay {@code d} in [0, 1). */
    static ParameterAverage of(Block block, double decay) {
        return new ParameterAverage(block, decay);
    }

    /** One step of the average, after an optimizer step. */
    void update() {
        for (int i = 0; i < averages.size(); i++) {
            NDArray average = averages.get(i);
            try (NDArray share = parameters.get(i).getArray().mul(1 - decay)) {
                average.muli(decay).addi(share);
            }
        }
    }

    /** Replaces the block's parameters by their averages. */
    void copyInto() {
        for (int i = 0; i < averages.size(); i++) {
            NDArray parameter = parameters.get(i).getArray();
            try (NDArray difference = averages.get(i).sub(parameter)) {
                parameter.addi(difference);
            }
        }
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
