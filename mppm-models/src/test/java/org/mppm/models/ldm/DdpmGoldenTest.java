package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mppm.samplers.GoldenVectors;
import org.mppm.core.SeededNoise;

/**
 * The DDPM reverse chain on a stub noise estimate (the exact one of Gaussian data), compared bit for
 * bit with the outputs stored in {@code golden/ddpm-chain.txt}.
 */
class DdpmGoldenTest {
    private static final GoldenVectors GOLDEN = GoldenVectors.load("ddpm-chain.txt");
    private static final DdpmSchedule SCHEDULE = DdpmSchedule.linear(1e-4, 0.02, 60);

    @AfterAll
    static void save() {
        GOLDEN.save();
    }

    /** The exact noise for Gaussian data N(mu, sd^2 I): sqrt(1 - abar) (z_t - sqrt(abar) mu) / (abar sd^2 + 1 - abar). */
    private static NoiseEstimate gaussian(float[] mu, double sd) {
        return (zt, t) -> {
            double a = SCHEDULE.alphaBar(t);
            NDArray center = zt.getManager().create(mu).mul((float) Math.sqrt(a));
            return zt.sub(center).mul((float) (Math.sqrt(1 - a) / (a * sd * sd + 1 - a)));
        };
    }

    @Test
    void chainFromSeveralStartingSteps() {
        DdpmReverseChain chain = new DdpmReverseChain(SCHEDULE);
        NoiseEstimate eps = gaussian(new float[] {0.7f, -1.3f, 0.2f}, 0.3);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray start = SeededNoise.normal(nd, new Shape(6, 3), DataType.FLOAT32, 4);
            for (int t0 : new int[] {1, 2, 40, 60}) {
                GOLDEN.check("ddpm.t0=" + t0, chain.run(start, t0, eps, 9));
            }
            GOLDEN.check("ddpm.t0=40.seed=10", chain.run(start, 40, eps, 10));
        }
    }

    /** A large batch: 4096 codes of 16 values, 39 noisy steps. */
    @Test
    void chainOfALargeBatch() {
        DdpmReverseChain chain = new DdpmReverseChain(SCHEDULE);
        float[] mu = new float[16];
        for (int j = 0; j < mu.length; j++) {
            mu[j] = 0.1f * j - 0.5f;
        }
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray start = SeededNoise.normal(nd, new Shape(4096, 16), DataType.FLOAT32, 5);
            GOLDEN.checkDigest("ddpm.large", chain.run(start, 40, gaussian(mu, 0.5), 3));
        }
    }
}
