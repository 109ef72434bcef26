package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.Test;
import org.mppm.core.SeededNoise;

/** Seeded initialisation keeps each block's declared distribution and never draws from the engine. */
class SeededInitializerTest {

    private static double std(NDArray a) {
        return Math.sqrt(a.sub(a.mean()).square().mean().getFloat());
    }

    @Test
    void djlDefaultWeightsAreHeNormalAndBiasesZero() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Linear linear = Linear.builder().setUnits(400).build();
            SeededInitializer.initialize(linear, nd, DataType.FLOAT32, new SeededNoise(1), new Shape(1, 250));
            NDArray w = linear.getParameters().get("weight").getArray();
            assertEquals(new Shape(400, 250), w.getShape());
            assertEquals(Math.sqrt(2.0 / 250), std(w), 0.002);
            assertEquals(0, linear.getParameters().get("bias").getArray().abs().max().getFloat());
            Conv2d conv = Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build();
            SeededInitializer.initialize(conv, nd, DataType.FLOAT32, new SeededNoise(2), new Shape(1, 32, 8, 8));
            assertEquals(Math.sqrt(2.0 / (32 * 9)), std(conv.getParameters().get("weight").getArray()), 0.002);
        }
    }

    @Test
    void declaredUniformBoundsAreKept() {
        try (NDManager nd = NDManager.newBaseManager()) {
            ConvTranspose2d up = new ConvTranspose2d(16, 8, 3, 2, 1, 1);
            SeededInitializer.initialize(up, nd, DataType.FLOAT32, new SeededNoise(3), new Shape(1, 16, 5, 5));
            double bound = 1 / Math.sqrt(8 * 9);
            for (String name : new String[] {"weight", "bias"}) {
                NDArray a = up.getParameters().get(name).getArray();
                assertTrue(a.abs().max().getFloat() <= bound, name + " within the bound");
            }
            NDArray w = up.getParameters().get("weight").getArray();
            assertEquals(bound / Math.sqrt(3), std(w), 0.003);
            Initializer declared = up.getParameters().get("weight").getInitializer();
            assertTrue(declared.getClass().getName().contains("Uniform"), "the declared initializer is restored");
        }
    }

    @Test
    void theSameSeedGivesTheSameParametersAndTheyAreTrainable() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Block a = new MnistConvAutoencoder(6);
            Block b = new MnistConvAutoencoder(6);
            SeededInitializer.initialize(a, nd, DataType.FLOAT32, new SeededNoise(4), new Shape(1, 1, 28, 28));
            SeededInitializer.initialize(b, nd, DataType.FLOAT32, new SeededNoise(4), new Shape(1, 1, 28, 28));
            for (var p : a.getParameters()) {
                Parameter q = b.getParameters().get(p.getKey());
                assertArrayEquals(p.getValue().getArray().toFloatArray(), q.getArray().toFloatArray(), p.getKey());
                assertEquals(p.getValue().requiresGradient(), p.getValue().getArray().hasGradient(), p.getKey());
            }
        }
    }

    @Test
    void anUnknownRandomInitializerIsRefusedByName() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Linear linear = Linear.builder().setUnits(3).build();
            Initializer normal = new NormalInitializer(0.1f);
            linear.setInitializer(normal, Parameter.Type.WEIGHT);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SeededInitializer.initialize(linear, nd, DataType.FLOAT32, new SeededNoise(1), new Shape(1, 2)));
            assertTrue(e.getMessage().contains("weight") && e.getMessage().contains("NormalInitializer"), e.getMessage());
            assertSame(normal, linear.getParameters().get("weight").getInitializer());
        }
    }
}
