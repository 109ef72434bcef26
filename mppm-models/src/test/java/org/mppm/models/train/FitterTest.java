package org.mppm.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.Stores;

class FitterTest {

    /** Least squares y = 2x - 1 with a linear "MLP": Adam finds it, and no manager grows. */
    @Test
    void fitsALineWithoutGrowingAnyManager() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            Mlp line = new Mlp(new int[] {1, 1}, 0);
            line.initialize(nd, DataType.FLOAT32, new Shape(1, 1));
            NDArray data = nd.linspace(-1f, 1f, 400).reshape(400, 1);
            Objective mse = (batch, training, random) -> {
                NDArray y = line.forward(Stores.direct(), new NDList(batch), training).singletonOrThrow();
                return new LossTerms().add("mse", y.sub(batch.mul(2).sub(1)).square().mean());
            };
            int before = nd.getManagedArrays().size();
            Fitter.Result r = Fitter.fit(data, mse, List.of(ParameterGroup.adam("line", line, 0.05, 0)),
                    new TrainingSchedule(300, 32, 300, 0.1, 3), TrainingListener.NONE);
            assertEquals(before, nd.getManagedArrays().size(), "training leaves nothing behind in the data's manager");
            assertTrue(r.bestValidationLoss() < 1e-4, "validation loss " + r.bestValidationLoss());
            float[] w = line.getParameters().get("01linear1_weight").getArray().toFloatArray();
            assertEquals(2f, w[0], 0.02f);
        }
    }

    @Test
    void stopsEarlyAndKeepsTheBestEpoch() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            Mlp line = new Mlp(new int[] {1, 1}, 0);
            line.initialize(nd, DataType.FLOAT32, new Shape(1, 1));
            NDArray data = nd.linspace(-1f, 1f, 100).reshape(100, 1);
            // a learning rate far too high: the loss jumps about, so training stops after `patience` bad epochs
            Objective mse = (batch, training, random) -> new LossTerms().add("mse",
                    line.forward(Stores.direct(), new NDList(batch), training).singletonOrThrow().sub(batch.mul(3)).square().mean());
            Fitter.Result r = Fitter.fit(data, mse, List.of(ParameterGroup.adam("line", line, 5, 0)),
                    new TrainingSchedule(500, 10, 5, 0.2, 3), TrainingListener.NONE);
            assertTrue(r.reports().size() < 500);
            assertEquals(r.reports().size() - 5, r.bestEpoch());
        }
    }

    /** Validation fraction 0: every epoch on all the data, all epochs run, the last parameters kept. */
    @Test
    void withoutValidationTrainsEveryEpochOnAllTheDataAndKeepsTheLast() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp line = new Mlp(new int[] {1, 1}, 0);
            line.initialize(nd, DataType.FLOAT32, new Shape(1, 1));
            NDArray data = nd.linspace(-1f, 1f, 100).reshape(100, 1);
            java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
            // a learning rate far too high: with a validation split this stops early; here every epoch runs
            Objective mse = (batch, training, random) -> {
                seen.addAndGet(batch.getShape().get(0));
                return new LossTerms().add("mse",
                        line.forward(Stores.direct(), new NDList(batch), training).singletonOrThrow().sub(batch.mul(3)).square().mean());
            };
            Fitter.Result r = Fitter.fit(data, mse, List.of(ParameterGroup.adam("line", line, 5, 0)),
                    new TrainingSchedule(40, 10, 5, 0, 3), TrainingListener.NONE);
            assertEquals(40, r.reports().size());
            assertEquals(40, r.bestEpoch());
            assertEquals(40 * 100, seen.get(), "every sample in every epoch, no validation pass");
            assertTrue(Double.isNaN(r.bestValidationLoss()));
            assertTrue(r.reports().stream().allMatch(e -> Double.isNaN(e.validationLoss()) && !e.improved()));
        }
    }

    @Test
    void rejectsBadSchedules() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingSchedule(0, 10, 1, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainingSchedule(1, 10, 1, -0.1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainingSchedule(1, 10, 1, 1.5, 1));
        assertTrue(e.getMessage().contains("validationFraction"));
    }
}
