package org.mppm.models.train;

import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.mppm.core.Checks;

/** The parameters of one block and the optimiser that updates them (e.g. AE and D at different rates). */
public record ParameterGroup(String name, Block block, Optimizer optimizer) {

    /** Adam (beta1 0.9, beta2 0.999) with a fixed learning rate and L2 weight decay (added to the gradient). */
    public static ParameterGroup adam(String name, Block block, double learningRate, double weightDecay) {
        Checks.requirePositive("learningRate", learningRate);
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate))
                .optBeta1(0.9f).optBeta2(0.999f).optWeightDecays((float) weightDecay).build();
        return new ParameterGroup(name, block, adam);
    }
}
