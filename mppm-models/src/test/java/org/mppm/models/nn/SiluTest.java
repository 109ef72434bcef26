package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * SiLU's value and gradient, with the garbage collector run between the forward and the backward
 * pass: the condition under which DJL's {@code Activation.swish} (which multiplies by a scalar
 * made from a direct buffer and closed at once) back-propagates through freed memory.
 */
class SiluTest {
    private static final float[] X = {-6f, -2.5f, -1f, -0.1f, 0f, 0.3f, 1f, 2f, 7f};

    @Test
    void valueAndGradientSurviveACollectionBetweenForwardAndBackward() throws InterruptedException {
        float[][] valueAndGradient = valueAndGradient(Silu::apply);
        for (int i = 0; i < X.length; i++) {
            double s = 1 / (1 + Math.exp(-X[i]));
            assertEquals(X[i] * s, valueAndGradient[0][i], 1e-6, "SiLU(" + X[i] + ")");
            assertEquals(s * (1 + X[i] * (1 - s)), valueAndGradient[1][i], 1e-6, "SiLU'(" + X[i] + ")");
        }
    }

    @Test
    void listFormActsOnTheSingleArray() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            assertArrayEquals(Silu.apply(x).toFloatArray(), Silu.apply(new NDList(x)).singletonOrThrow().toFloatArray());
        }
    }

    /** The activation's values and its gradient sum_i d f(x_i) / d x, collecting garbage before the backward pass. */
    static float[][] valueAndGradient(UnaryOperator<NDArray> activation) throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            x.setRequiresGradient(true);
            float[] value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = activation.apply(x);
                value = y.toFloatArray();
                NDArray total = y.sum();
                for (int i = 0; i < 5; i++) { // lets the collector free what the forward pass dropped
                    System.gc();
                    Thread.sleep(20);
                }
                collector.backward(total);
            }
            return new float[][] {value, x.getGradient().toFloatArray()};
        }
    }
}
