package org.mppm.models.edm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** The EMA of parameters: theta_ema <- d theta_ema + (1 - d) theta, written back at the end. */
class ParameterAverageTest {

    @Test
    void averagesTheStepsAndWritesTheAverageBack() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Linear.builder().setUnits(3).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            float[][] initial = values(block);
            try (ParameterAverage average = ParameterAverage.of(block, 0.75)) {
                shift(block, 1); // theta_1 = theta_0 + 1: ema = theta_0 + 0.25
                average.update();
                shift(block, 1); // theta_2 = theta_0 + 2: ema = 0.75 (theta_0 + 0.25) + 0.25 (theta_0 + 2) = theta_0 + 0.6875
                average.update();
                average.copyInto();
            }
            float[][] averaged = values(block);
            for (int p = 0; p < initial.length; p++) {
                float[] expected = initial[p].clone();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] += 0.6875f;
                }
                assertArrayEquals(expected, averaged[p], 1e-6f);
            }
        }
    }

    @Test
    void decayZeroKeepsTheLastIterate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Linear.builder().setUnits(2).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            try (ParameterAverage average = ParameterAverage.of(block, 0)) {
                shift(block, 3);
                average.update();
                float[][] last = values(block);
                average.copyInto();
                for (int p = 0; p < last.length; p++) {
                    assertArrayEquals(last[p], values(block)[p]);
                }
            }
        }
    }

    @Test
    void fitConfigRejectsADecayOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> FitConfig.builder().emaDecay(1).build());
        assertThrows(IllegalArgumentException.class, () -> FitConfig.builder().emaDecay(-0.1).build());
    }

    private static void shift(Block block, float by) {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            pair.getValue().getArray().addi(by);
        }
    }

    private static float[][] values(Block block) {
        float[][] v = new float[block.getParameters().size()][];
        int p = 0;
        for (Pair<String, Parameter> pair : block.getParameters()) {
            NDArray array = pair.getValue().getArray();
            v[p++] = array.toFloatArray();
        }
        return v;
    }
}
