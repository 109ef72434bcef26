package org.mppm.samplers.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mppm.core.Checks;
import org.mppm.core.SampleSeeds;

/** The engine's own contract: ownership, scoping, stopping, seeds, checks, observers, trajectory. */
class StepLoopTest {

    @Test
    void theStartIsNeitherChangedNorMovedAndOnlyTheResultIsLeft() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(new float[] {1, 2, 3, 4}).reshape(2, 2);
            NDArray copy = x.duplicate();
            int before = nd.getManagedArrays().size();
            List<Integer> counts = new ArrayList<>();
            StepLoop.Run run = StepLoop.fixedSteps(5).withObserver((k, state, active) -> counts.add(nd.getManagedArrays().size()))
                    .run(x, Stepper.of((step, state) -> state.add(1).mul(2)));
            assertEquals(before + 1, nd.getManagedArrays().size(), "only the result is new");
            assertSame(nd, run.result().getManager());
            assertSame(nd, x.getManager());
            assertTrue(copy.contentEquals(x));
            assertEquals(counts.get(0), counts.get(4), "memory does not grow with the steps");
            assertArrayEquals(new float[] {94, 126, 158, 190}, run.result().toFloatArray());
            assertArrayEquals(new int[] {5, 5}, run.iterations());
        }
    }

    @Test
    void aStepThatThrowsLeavesNothingBehind() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.ones(new Shape(3, 2));
            int before = nd.getManagedArrays().size();
            Stepper failing = Stepper.of((step, state) -> {
                if (step.index() == 3) {
                    throw new IllegalStateException("boom");
                }
                return state.add(1);
            });
            assertThrows(IllegalStateException.class,
                    () -> StepLoop.fixedSteps(5).recordingTrajectory(true).run(x, failing));
            assertEquals(before, nd.getManagedArrays().size());
            assertEquals(2f, x.add(1).getFloat(0, 0), "the start is still usable");
        }
    }

    @Test
    void carriedArraysRideAlongAndAReturnedViewIsCopied() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.zeros(new Shape(2, 3));
            NDArray total = nd.zeros(new Shape(2));
            NDArray fixed = nd.create(new float[] {7, 8});
            Stepper step = (context, state) -> new NDList(state.get(0).add(1),
                    state.get(1).add(state.get(0).sum(new int[] {1})), state.get(2));
            try (StepLoop.Run run = StepLoop.fixedSteps(3).run(new NDList(x, total, fixed), Optional.empty(), step)) {
                assertArrayEquals(new float[] {9, 9}, run.state().get(1).toFloatArray(), "0 + 3 + 6");
                assertNotSame(fixed, run.state().get(2));
                assertTrue(fixed.contentEquals(run.state().get(2)));
            }
            assertArrayEquals(new float[] {7, 8}, fixed.toFloatArray(), "the caller's array is still open");
        }
    }

    /**
     * x <- x / 2 per sample; the step whose length |x / 2| falls below the tolerance is the sample's
     * last; rank-3 states stop per sample too.
     */
    @Test
    void samplesStopOneByOneWithATolerance() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(new double[] {1, 0, 0, 0, 8, 0, 0, 0, 0.25, 0, 0, 0}).reshape(3, 2, 2);
            List<Long> active = new ArrayList<>();
            StepLoop loop = StepLoop.stopping(StoppingRule.tolerance(0.1, 20)).recordingTrajectory(true)
                    .withObserver((k, state, moving) -> active.add(moving));
            try (StepLoop.Run run = loop.run(x, Stepper.of((step, state) -> step.advance(state, state.mul(-0.5))))) {
                // the last step is the one of length 1/16 < 0.1, from 1/8 to 1/16: 1 takes 4, 8 takes 7, 0.25 takes 2
                assertArrayEquals(new int[] {4, 7, 2}, run.iterations());
                assertArrayEquals(new double[] {0.0625, 0.0625, 0.0625}, run.result().get(":, 0, 0").toDoubleArray());
                assertEquals(List.of(3L, 2L, 2L, 1L, 1L, 1L, 0L), active);
                assertEquals(new Shape(8, 3, 2, 2), run.trajectory().orElseThrow().getShape());
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> loop.run(x, Stepper.of((step, state) -> state.mul(0.5))));
            assertTrue(e.getMessage().contains("advance"), e.getMessage());
        }
    }

    @Test
    void noiseDependsOnlyOnTheSeedTheSampleAndTheStep() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.zeros(new Shape(5, 3), DataType.FLOAT32);
            Stepper noisy = Stepper.of((step, state) -> state.add(step.normal(state)));
            NDArray all = StepLoop.fixedSteps(4).run(x, new SampleSeeds(9, 0, 5), noisy).result();
            NDArray last = StepLoop.fixedSteps(4).run(x.get("2:5"), new SampleSeeds(9, 2, 3), noisy).result();
            assertTrue(all.get("2:5").contentEquals(last));
            NDArray other = StepLoop.fixedSteps(4).run(x, new SampleSeeds(10, 0, 5), noisy).result();
            assertFalse(all.contentEquals(other));
            assertThrows(IllegalArgumentException.class, () -> StepLoop.fixedSteps(1).run(x, new SampleSeeds(9, 0, 4), noisy));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StepLoop.fixedSteps(1).run(x, noisy));
            assertTrue(e.getMessage().contains("seeds"), e.getMessage());
        }
    }

    /** Value checks are off in every step by default, and on in the first one when asked. */
    @Test
    void stepsRunOnCheckedState() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(new float[] {1, Float.NaN}).reshape(2, 1);
            List<Integer> checkedSteps = new ArrayList<>();
            Stepper checking = Stepper.of((step, state) -> {
                Checks.requireData("state", state);
                checkedSteps.add(step.index());
                return state.add(1);
            });
            StepLoop.fixedSteps(2).run(x, checking).close();
            assertEquals(List.of(1, 2), checkedSteps);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StepLoop.fixedSteps(2).checkingValuesInFirstStep().run(x, checking));
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Checks.requireData("x", x), "checks are back on after a run");
        }
    }

    @Test
    void aStepMustKeepTheShapeOfTheState() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.zeros(new Shape(2, 3));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> StepLoop.fixedSteps(2).run(x, Stepper.of((step, state) -> state.sum(new int[] {1}))));
            assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> StepLoop.fixedSteps(0));
        }
    }
}
