package org.mppm.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * A weighted term's gradient is the weight times the term's gradient even when the garbage
 * collector runs between the forward and the backward pass (the weight is an engine-owned scalar,
 * not DJL's {@code mul(Number)} over a closed direct buffer).
 */
class LossTermsWeightTest {

    @Test
    void weightedGradientSurvivesACollectionBeforeBackward() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            try (NDManager nd = NDManager.newBaseManager()) {
                NDArray x = nd.create(new float[] {0.5f, -1.5f, 2f});
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    LossTerms terms = new LossTerms().add("square", x.square().sum(), 0.3).add("plain", x.sum(), 2);
                    NDArray total = terms.total();
                    for (int i = 0; i < 5; i++) {
                        System.gc();
                        Thread.sleep(20);
                    }
                    collector.backward(total);
                }
                float[] g = x.getGradient().toFloatArray();
                float[] v = {0.5f, -1.5f, 2f};
                for (int i = 0; i < 3; i++) {
                    assertEquals(0.3 * 2 * v[i] + 2, g[i], 1e-5, "d/dx_" + i);
                }
            }
        }
    }
}
