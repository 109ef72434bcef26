package org.mppm.models.ldm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.mppm.core.SeededNoise;

class DdpmReverseChainTest {
    static final DdpmSchedule SCHEDULE = DdpmSchedule.linear(1e-4, 0.02, 2000);
    static final float[] MU = {0.7f, -1.3f};

    /** The exact noise for data that is the single point mu: eps = (z_t - sqrt(abar) mu) / sqrt(1 - abar). */
    static NoiseEstimate pointOracle(DdpmSchedule s, float[] mu) {
        return (zt, t) -> {
            double a = s.alphaBar(t);
            NDArray center = zt.getManager().create(mu).mul((float) Math.sqrt(a));
            return zt.sub(center).div((float) Math.sqrt(1 - a));
        };
    }

    /**
     * The exact noise (posterior mean) for Gaussian data N(mu, s^2 I):
     * eps = sqrt(1 - abar) (z_t - sqrt(abar) mu) / (abar s^2 + 1 - abar).
     */
    static NoiseEstimate gaussianOracle(DdpmSchedule s, float[] mu, double sd) {
        return (zt, t) -> {
            double a = s.alphaBar(t);
            NDArray center = zt.getManager().create(mu).mul((float) Math.sqrt(a));
            return zt.sub(center).mul((float) (Math.sqrt(1 - a) / (a * sd * sd + 1 - a)));
        };
    }

    static NDArray noisedPoint(NDManager nd, int b, int t0, long seed) {
        double a = SCHEDULE.alphaBar(t0);
        NDArray n = SeededNoise.normal(nd, new Shape(b, 2), DataType.FLOAT32, seed);
        return n.mul((float) Math.sqrt(1 - a)).add(nd.create(MU).mul((float) Math.sqrt(a)));
    }

    @Test
    void withAnOracleTheChainReturnsToThePoint() {
        DdpmReverseChain chain = new DdpmReverseChain(SCHEDULE);
        try (NDManager nd = NDManager.newBaseManager()) {
            for (int t0 : new int[] {1, 150, 200, 2000}) {
                NDArray start = noisedPoint(nd, 256, t0, 5);
                NDArray z0 = chain.run(start, t0, pointOracle(SCHEDULE, MU), 9);
                double error = z0.sub(nd.create(MU)).abs().max().toType(DataType.FLOAT64, false).getDouble();
                System.out.println("oracle chain from t0=" + t0 + ": max |z_0 - mu| = " + error);
                assertTrue(error < 1e-4, "t0=" + t0 + ": max error " + error);
            }
        }
    }

    @Test
    void fromPureNoiseWithAGaussianOracleTheChainSamplesTheData() {
        DdpmReverseChain chain = new DdpmReverseChain(SCHEDULE);
        double sd = 0.3;
        int n = 4000;
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray start = SeededNoise.normal(nd, new Shape(n, 2), DataType.FLOAT32, 3);
            NDArray z0 = chain.run(start, 2000, gaussianOracle(SCHEDULE, MU, sd), 4);
            double[] mean = z0.mean(new int[] {0}).toType(DataType.FLOAT64, false).toDoubleArray();
            double[] var = z0.sub(z0.mean(new int[] {0})).square().mean(new int[] {0}).toType(DataType.FLOAT64, false)
                    .toDoubleArray();
            for (int k = 0; k < 2; k++) {
                assertEquals(MU[k], mean[k], 5 * sd / Math.sqrt(n), "mean");
                assertEquals(sd, Math.sqrt(var[k]), 0.02, "standard deviation");
            }
        }
    }

    @Test
    void theChainIsDeterministicBySeedAndDoesNotGrowTheCallersManager() {
        DdpmReverseChain chain = new DdpmReverseChain(SCHEDULE);
        NoiseEstimate noisyOracle = gaussianOracle(SCHEDULE, MU, 0.3);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray start = noisedPoint(nd, 64, 1000, 1);
            int before = nd.getManagedArrays().size();
            NDArray a = chain.run(start, 1000, noisyOracle, 21);
            assertEquals(before + 1, nd.getManagedArrays().size(), "only the result is added to the caller's manager");
            NDArray b = chain.run(start, 1000, noisyOracle, 21);
            NDArray c = chain.run(start, 1000, noisyOracle, 22);
            assertTrue(a.contentEquals(b), "same seed, same numbers");
            assertFalse(a.contentEquals(c), "another seed, other noise");
            assertEquals(new Shape(64, 2), a.getShape());
        }
    }

    /** Row b's noise is that of sample firstSample + b: a chunk of the batch runs the same chains, bit for bit. */
    @Test
    void aChunkOfTheBatchRunsTheSameChains() {
        DdpmReverseChain chain = new DdpmReverseChain(SCHEDULE);
        NoiseEstimate noisyOracle = gaussianOracle(SCHEDULE, MU, 0.3);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray start = noisedPoint(nd, 32, 300, 1);
            NDArray whole = chain.run(start, 300, noisyOracle, 21);
            NDArray tail = chain.run(start.get("16:32"), 300, noisyOracle, 21, 16);
            assertTrue(whole.get("16:32").contentEquals(tail));
            assertFalse(whole.get("0:16").contentEquals(chain.run(start.get("16:32"), 300, noisyOracle, 21)),
                    "other samples, other noise");
        }
    }
}
