package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.mppm.core.SeededNoise;

class SkipDropoutTest {

    @Test
    void eachSampleKeepsAllItsSkipsUnchangedOrLosesAllOfThem() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            int b = 400;
            NDArray s1 = nd.randomUniform(1, 2, new Shape(b, 2, 4, 4));
            NDArray s2 = nd.randomUniform(1, 2, new Shape(b, 3, 2, 2));
            NDList out = new SkipDropout(0.3).apply(new NDList(s1, s2), new SeededNoise(3));
            float[] kept1 = out.get(0).eq(s1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .reshape(b, -1).mean(new int[] {1}).toFloatArray();
            float[] kept2 = out.get(1).eq(s2).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .reshape(b, -1).mean(new int[] {1}).toFloatArray();
            float[] zero1 = out.get(0).abs().reshape(b, -1).max(new int[] {1}).toFloatArray();
            int dropped = 0;
            for (int i = 0; i < b; i++) {
                boolean keep = kept1[i] == 1f;
                assertTrue(keep || zero1[i] == 0f, "sample " + i + ": unchanged or zero");
                assertEquals(kept1[i], kept2[i], "sample " + i + ": the same fate at every level");
                dropped += keep ? 0 : 1;
            }
            // Binomial(400, 0.3): mean 120, sd 9.2
            assertTrue(dropped > 85 && dropped < 155, "dropped " + dropped + " of 400 at p = 0.3");
        }
    }

    @Test
    void zeroProbabilityOrNoSkipsPassThrough() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDList skips = new NDList(nd.ones(new Shape(2, 1, 2, 2)));
            assertSame(skips, new SkipDropout(0).apply(skips, new SeededNoise(1)));
            NDList none = new NDList();
            assertSame(none, new SkipDropout(0.5).apply(none, new SeededNoise(1)));
        }
    }

    @Test
    void probabilitiesOutsideZeroToOneAreRejected() {
        for (double p : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SkipDropout(p));
            assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        }
    }
}
