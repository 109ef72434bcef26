package org.mppm.samplers.edm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.mppm.core.Denoiser;
import org.mppm.core.KarrasSchedule;

/** Properties of MAD's step: b = 0 is Euler, Diracs contract as under Euler, the gamma root. */
class MadStepProperties {

    @Property(tries = 15)
    void zeroStrengthIsEulerBitForBit(@ForAll long seed, @ForAll @IntRange(min = 2, max = 30) int steps,
            @ForAll @DoubleRange(min = 0.1, max = 3) double a, @ForAll boolean churn) {
        Churn c = churn ? Churn.of(5) : Churn.none();
        EdmSampler euler = EdmSampler.builder().churn(c).seed(seed).build();
        EdmSampler mad = EdmSampler.builder().rule(MadStep.of(a, 0)).churn(c).seed(seed).build();
        Denoiser denoiser = Toys.diagonalGaussian(0.7, 0.01, 3);
        KarrasSchedule schedule = KarrasSchedule.edm(steps);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x0 = EdmSampler.initialNoise(manager, new Shape(16, 3), DataType.FLOAT32, schedule, seed);
            NDArray e = euler.sample(denoiser, x0, schedule);
            NDArray m = mad.sample(denoiser, x0, schedule);
            assertTrue(e.contentEquals(m), "b = 0 must reproduce Euler bit for bit");
        }
    }

    @Property(tries = 10)
    void diracContractsExactlyAsUnderEuler(@ForAll long seed, @ForAll @DoubleRange(min = -2, max = 2) double mu,
            @ForAll @DoubleRange(min = 0.1, max = 5) double b) {
        KarrasSchedule schedule = KarrasSchedule.edm(25);
        Denoiser dirac = Toys.dirac(mu);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x0 = EdmSampler.initialNoise(manager, new Shape(8, 2), DataType.FLOAT64, schedule, seed);
            NDArray e = EdmSampler.euler().sample(dirac, x0, schedule);
            NDArray m = EdmSampler.builder().rule(MadStep.of(1.5, b)).build().sample(dirac, x0, schedule);
            assertTrue(e.contentEquals(m), "a Dirac has dD/dsigma = 0: MAD must equal Euler");
        }
    }

    @Property(tries = 50)
    void gammaSplitsTheLevel(@ForAll @DoubleRange(min = 0.01, max = 100) double sigma,
            @ForAll @DoubleRange(min = 0.2, max = 3) double a, @ForAll @DoubleRange(min = 0, max = 10) double b) {
        PowerGamma schedule = new PowerGamma(a, b);
        double tau = schedule.tau(sigma);
        double gamma = schedule.gamma(sigma);
        assertTrue(tau >= 0 && tau <= sigma);
        assertEquals(sigma * sigma, tau * tau + gamma, 1e-12 * sigma * sigma);
        assertTrue(gamma >= 0 && gamma <= sigma * sigma);
    }
}
