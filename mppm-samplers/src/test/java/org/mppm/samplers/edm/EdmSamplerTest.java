package org.mppm.samplers.edm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mppm.core.Denoiser;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.NoiseSchedule;

/** Conventions of the EDM sampler: determinism, memory, observer, validation. */
class EdmSamplerTest {
    private static final Denoiser TOY = Toys.gaussian(0.3, 0.25);

    @Test
    void churnIsDeterministicBySeed() {
        KarrasSchedule schedule = KarrasSchedule.edm(18);
        EdmSampler a = EdmSampler.builder().rule(HeunStep.instance()).churn(new Churn(40, 0.05, 50, 1.003)).seed(3).build();
        EdmSampler b = EdmSampler.builder().rule(HeunStep.instance()).churn(new Churn(40, 0.05, 50, 1.003)).seed(4).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x0 = EdmSampler.initialNoise(manager, new Shape(32, 2), DataType.FLOAT32, schedule, 9);
            NDArray first = a.sample(TOY, x0, schedule);
            NDArray again = a.sample(TOY, x0, schedule);
            NDArray other = b.sample(TOY, x0, schedule);
            NDArray plain = EdmSampler.heun().sample(TOY, x0, schedule);
            assertTrue(first.contentEquals(again), "same seed, same numbers");
            assertFalse(first.contentEquals(other), "another seed, other noise");
            assertFalse(first.contentEquals(plain), "churn changes the result");
        }
    }

    @Test
    void initialNoiseIsSeeded() {
        KarrasSchedule schedule = KarrasSchedule.edm();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = EdmSampler.initialNoise(manager, new Shape(4, 3), DataType.FLOAT32, schedule, 1);
            NDArray b = EdmSampler.initialNoise(manager, new Shape(4, 3), DataType.FLOAT32, schedule, 1);
            assertTrue(a.contentEquals(b));
        }
    }

    @Test
    void memoryDoesNotGrowWithSteps() {
        KarrasSchedule schedule = KarrasSchedule.edm(300);
        List<EdmSampler> samplers = List.of(EdmSampler.euler(), EdmSampler.heun(),
                EdmSampler.builder().rule(MadStep.of(1.5, 1)).churn(Churn.of(30)).seed(2).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x0 = EdmSampler.initialNoise(manager, new Shape(64, 2), DataType.FLOAT32, schedule, 5);
            for (EdmSampler sampler : samplers) {
                int before = manager.getManagedArrays().size();
                List<Integer> counts = new ArrayList<>();
                NDArray end = sampler.sample(TOY, x0, schedule,
                        (step, state, active) -> counts.add(manager.getManagedArrays().size()));
                assertEquals(300, counts.size());
                assertEquals(counts.get(0), counts.get(counts.size() - 1), "arrays leak per step");
                assertEquals(before + 1, manager.getManagedArrays().size(), "only the result is left");
                end.close();
            }
        }
    }

    @Test
    void observerSeesEveryStep() {
        KarrasSchedule schedule = KarrasSchedule.edm(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x0 = manager.create(new double[] {80, -80}).reshape(2, 1);
            List<Integer> steps = new ArrayList<>();
            EdmSampler.euler().sample(TOY, x0, schedule, (step, state, active) -> {
                steps.add(step);
                assertEquals(2, active);
                assertEquals(new Shape(2, 1), state.getShape());
            });
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), steps);
        }
    }

    @Test
    void rejectsBadInput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ok = manager.create(new float[] {1, 2}).reshape(2, 1);
            NDArray nan = manager.create(new float[] {1, Float.NaN}).reshape(2, 1);
            NDArray noBatch = manager.create(new float[] {1, 2});
            KarrasSchedule schedule = KarrasSchedule.edm(5);
            EdmSampler euler = EdmSampler.euler();
            assertThrows(IllegalArgumentException.class, () -> euler.sample(TOY, nan, schedule));
            assertThrows(IllegalArgumentException.class, () -> euler.sample(TOY, noBatch, schedule));
            NoiseSchedule increasing = () -> new double[] {1, 2, 0};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> euler.sample(TOY, ok, increasing));
            assertTrue(e.getMessage().contains("decrease"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new PowerGamma(0, 1));
            assertThrows(IllegalArgumentException.class, () -> new PowerGamma(1.5, -1));
            assertThrows(IllegalArgumentException.class, () -> new PowerGamma(1.5, 1).gamma(0));
            assertThrows(IllegalArgumentException.class, () -> new FiniteDifference(0));
            assertThrows(IllegalArgumentException.class, () -> new Churn(-1, 0, 1, 1));
            GammaSchedule tooLarge = sigma -> 2 * sigma * sigma;
            MadStep bad = new MadStep(tooLarge, FiniteDifference.standard());
            assertThrows(IllegalArgumentException.class, () -> bad.step(TOY, ok, 1, 0.5));
        }
    }
}
