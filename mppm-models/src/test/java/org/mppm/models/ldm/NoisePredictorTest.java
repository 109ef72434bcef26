package org.mppm.models.ldm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.mppm.models.nn.Stores;
import org.mppm.core.SeededNoise;

class NoisePredictorTest {

    @Test
    void theAuthorsArchitectureHasTheRightShapesAndParameterCount() {
        LdmConfig config = LatentDiffusion.builder().config(18);
        try (NDManager nd = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            NoisePredictor p = config.predictor();
            p.initialize(nd, new SeededNoise(1));
            long count = 0;
            for (Pair<String, Parameter> param : p.getParameters()) {
                count += param.getValue().getArray().getShape().size();
            }
            // Linear(1->128), Linear(128->128), (18+128)->256->512->256->18
            long expected = (1 * 128 + 128) + (128 * 128 + 128) + (146 * 256 + 256) + (256 * 512 + 512) + (512 * 256 + 256)
                    + (256 * 18 + 18);
            assertEquals(expected, count);
            try (NDManager caller = nd.newSubManager()) {
                NDArray z = caller.randomNormal(new Shape(5, 18));
                NDArray tau = caller.full(new Shape(5, 1), 0.1f);
                NDArray eps = p.predict(Stores.direct(), z, tau, false);
                assertEquals(new Shape(5, 18), eps.getShape());
                assertEquals(caller, eps.getManager(), "the result belongs to the input's manager");
                NDArray later = p.predict(Stores.direct(), z, caller.full(new Shape(5, 1), 0.9f), false);
                assertTrue(!eps.contentEquals(later), "the time input matters");
            }
        }
    }
}
