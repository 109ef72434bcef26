package org.mppm.models.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/** PyTorch's default initialisation of Conv2d and Linear layers, for blocks built on DJL. */
final class TorchInit {
    private TorchInit() {}

    /** Weight and bias uniform in {@code ±1/sqrt(fan-in)}, as PyTorch initialises Conv2d and Linear. */
    static <B extends Block> B uniform(B block, long fanIn) {
        Initializer init = SeededInitializer.uniform(1 / Math.sqrt(fanIn));
        block.setInitializer(init, Parameter.Type.WEIGHT);
        block.setInitializer(init, Parameter.Type.BIAS);
        return block;
    }
}
