package org.mppm.models.edm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.mppm.core.SeededNoise;

/** The noise-conditioned U-Net: shapes, that the embedding reaches the output, and a backward pass that survives the GC. */
class NoiseConditionedUNetTest {

    private static NoiseConditionedUNet initialised(NDManager manager, int channels, int width, int depth, int embedding,
            Shape x) {
        Engine.getInstance().setRandomSeed(5);
        NoiseConditionedUNet net = new NoiseConditionedUNet(channels, width, depth, embedding);
        net.initialize(manager, DataType.FLOAT32, x, new Shape(x.get(0), 1));
        return net;
    }

    private static NDArray forward(NoiseConditionedUNet net, NDArray x, NDArray cNoise, boolean training) {
        return net.forward(new ParameterStore(x.getManager(), false), new NDList(x, cNoise), training).singletonOrThrow();
    }

    @Test
    void outputHasTheInputsSpatialShapeAndOutChannels() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int depth = 0; depth <= 2; depth++) {
                Shape in = new Shape(3, 2, 8, 12);
                NoiseConditionedUNet net = initialised(manager, 3, 4, depth, 8, in);
                NDArray y = forward(net, SeededNoise.normal(manager, in, DataType.FLOAT32, 1),
                        manager.create(new float[] {-1f, 0f, 0.5f}, new Shape(3, 1)), false);
                assertEquals(new Shape(3, 3, 8, 12), y.getShape(), "depth " + depth);
                assertEquals(new Shape(3, 3, 8, 12), net.getOutputShapes(new Shape[] {in, new Shape(3, 1)})[0]);
            }
        }
    }

    @Test
    void fourierFeaturesAreCosinesAndSinesOfTheScaledLevel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] w = NoiseConditionedUNet.frequencies();
            assertEquals(0.5, w[0], 1e-6);
            assertEquals(32, w[w.length - 1], 1e-4);
            float c = -0.7f;
            float[] f = NoiseConditionedUNet.fourierFeatures(manager.create(new float[] {c}, new Shape(1, 1))).toFloatArray();
            assertEquals(2 * NoiseConditionedUNet.FREQUENCIES, f.length);
            for (int k = 0; k < w.length; k++) {
                assertEquals(Math.cos(w[k] * c), f[k], 1e-5, "cos " + k);
                assertEquals(Math.sin(w[k] * c), f[w.length + k], 1e-5, "sin " + k);
            }
        }
    }

    @Test
    void theNoiseLevelChangesTheOutputOfEveryLevelAndOnlyItsOwnSample() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 1, 8, 8);
            NoiseConditionedUNet net = initialised(manager, 1, 4, 2, 16, in);
            NDArray x = SeededNoise.normal(manager, new Shape(1, 1, 8, 8), DataType.FLOAT32, 2).repeat(0, 2);
            // the same image twice, at c_noise = ln(0.05)/4 and ln(5)/4
            NDArray y = forward(net, x, manager.create(new float[] {(float) (Math.log(0.05) / 4), (float) (Math.log(5) / 4)},
                    new Shape(2, 1)), false);
            double difference = y.get(0).sub(y.get(1)).norm().getFloat();
            double scale = y.get(0).norm().getFloat();
            assertTrue(difference > 0.01 * scale, "outputs at two levels differ by " + difference + " (norm " + scale + ")");
            // same level, same output: the embedding is per sample, not mixed across the batch
            NDArray same = forward(net, x, manager.create(new float[] {0.3f, 0.3f}, new Shape(2, 1)), false);
            assertArrayEquals(same.get(0).toFloatArray(), same.get(1).toFloatArray(), 1e-6f);
            assertThrows(IllegalArgumentException.class,
                    () -> net.forward(new ParameterStore(manager, false), new NDList(x), false), "c_noise missing");
        }
    }

    @Test
    void gradientsSurviveACollectionBetweenForwardAndBackward() throws InterruptedException {
        float[] plain = gradientOfFirstLayer(false);
        float[] collected = gradientOfFirstLayer(true);
        assertArrayEquals(plain, collected, 0f, "the GC between the passes must not change the gradient");
        double norm = 0;
        for (float g : plain) {
            norm += g * g;
        }
        assertTrue(norm > 0 && Double.isFinite(norm), "gradient norm^2 " + norm);
    }

    /** d sum(F)^2 / d(map0's weight), with or without collecting garbage before the backward pass. */
    private static float[] gradientOfFirstLayer(boolean collect) throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 1, 8, 8);
            NoiseConditionedUNet net = initialised(manager, 1, 4, 1, 8, in);
            for (Pair<String, Parameter> p : net.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
            NDArray x = SeededNoise.normal(manager, in, DataType.FLOAT32, 3);
            NDArray cNoise = manager.create(new float[] {-0.8f, 0.4f}, new Shape(2, 1));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss;
                try (NDManager scope = manager.newSubManager()) {
                    NDArray y = net.forward(new ParameterStore(scope, false), new NDList(x, cNoise), true).singletonOrThrow();
                    loss = y.square().sum();
                    loss.attach(manager);
                }
                if (collect) {
                    for (int i = 0; i < 5; i++) {
                        System.gc();
                        Thread.sleep(20);
                    }
                }
                collector.backward(loss);
            }
            Parameter first = net.getParameters().valueAt(0); // map0's weight: its gradient passes through every level
            assertTrue(net.getParameters().keyAt(0).endsWith("map0_weight"), net.getParameters().keyAt(0));
            return first.getArray().getGradient().toFloatArray();
        }
    }
}
