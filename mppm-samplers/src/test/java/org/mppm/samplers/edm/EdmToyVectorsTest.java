package org.mppm.samplers.edm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mppm.core.Denoiser;
import org.mppm.core.KarrasSchedule;

/** Euler and Heun against reference.md's exact 1-D toy (N(0.3, 0.25), x0 = 80 at sigma0 = 80). */
class EdmToyVectorsTest {
    private static final Denoiser TOY = Toys.gaussian(0.3, 0.25);

    @ParameterizedTest(name = "{0} N={1}")
    @CsvSource({
        "euler, 5, 0.5327528231145418",
        "euler, 18, 0.7214450685214475",
        "euler, 200, 0.7910486012619113",
        "heun, 5, 1.553169234015812",
        "heun, 18, 0.8256460446122926",
        "heun, 200, 0.7982903244133643"})
    void matchesReferenceVector(String method, int steps, double expected) {
        EdmSampler sampler = method.equals("euler") ? EdmSampler.euler() : EdmSampler.heun();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x0 = manager.create(new double[] {80}).reshape(1, 1);
            NDArray end = sampler.sample(TOY, x0, KarrasSchedule.edm(steps));
            assertEquals(DataType.FLOAT64, end.getDataType());
            double got = end.getDouble(0, 0);
            System.out.printf("toy %s N=%d: %.16f (error %.3e)%n", method, steps, got, got - expected);
            assertEquals(expected, got, 1e-9);
        }
    }
}
