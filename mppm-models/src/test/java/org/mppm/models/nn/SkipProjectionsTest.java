package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * The gradient through S-hat_i(z) = U_i C_i(z) U_i^T with the garbage collector run between the
 * forward and the backward pass (the condition under which a constant made from a Java buffer and
 * closed at the end of the forward pass is read after it was freed): for the loss
 * {@code sum_i <R_i, S-hat_i(z)>} it must equal {@code sum_i W_i^T vec(U_i^T R_i U_i)}.
 */
class SkipProjectionsTest {
    private static final int LATENT = 4;
    private static final int GRID = 2;
    private static final int[] CHANNELS = {2, 3};
    private static final int[] SIDES = {8, 4};

    @Test
    void gradientSurvivesACollectionBetweenForwardAndBackward() throws InterruptedException {
        try (NDManager nd = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            SkipProjections projections = new SkipProjections(LATENT, GRID, CHANNELS, SIDES);
            projections.initialize(nd, DataType.FLOAT32, new Shape(3, LATENT));
            NDArray z = nd.randomNormal(new Shape(3, LATENT));
            z.setRequiresGradient(true);
            NDList weights = new NDList();
            for (int i = 0; i < SIDES.length; i++) {
                weights.add(nd.randomUniform(-1, 1, new Shape(3, CHANNELS[i], SIDES[i], SIDES[i])));
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out;
                try (NDManager scope = nd.newSubManager()) { // as in the decoder: the forward's temporaries closed
                    z.tempAttach(scope);
                    out = projections.project(Stores.direct(), z, true);
                    out.attach(nd);
                }
                NDArray loss = out.get(0).mul(weights.get(0)).sum().add(out.get(1).mul(weights.get(1)).sum());
                NDList junk = new NDList();
                float[] nan = new float[16];
                java.util.Arrays.fill(nan, Float.NaN);
                for (int i = 0; i < 5; i++) { // lets the collector free what the forward pass dropped
                    System.gc();
                    Thread.sleep(20);
                    for (int j = 0; j < 200; j++) { // and fills freed host memory of the constants' sizes with NaN
                        junk.add(nd.create(nan, new Shape(4, 2)));
                        junk.add(nd.create(nan, new Shape(8, 2)));
                    }
                }
                collector.backward(loss);
                junk.close();
            }
            NDArray expected = nd.zeros(new Shape(3, LATENT));
            for (int i = 0; i < SIDES.length; i++) {
                NDArray u = nd.create(SkipProjections.bilinear(SIDES[i], GRID), new Shape(SIDES[i], GRID));
                NDArray w = ((Linear) projections.getChildren().valueAt(i)).getParameters().get("weight").getArray();
                NDArray pulled = u.transpose().matMul(weights.get(i)).matMul(u).reshape(3, -1);
                expected = expected.add(pulled.matMul(w));
            }
            NDArray gradient = z.getGradient();
            assertTrue(gradient.isNaN().any().getBoolean() == false, "no NaN");
            assertTrue(gradient.sub(expected).abs().max().getFloat() < 1e-4f,
                    "gradient " + gradient + " expected " + expected);
        }
    }
}
