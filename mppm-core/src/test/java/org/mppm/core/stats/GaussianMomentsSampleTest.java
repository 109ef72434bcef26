package org.mppm.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mppm.core.SampleSeeds;

class GaussianMomentsSampleTest {

    private static final GaussianMoments CORRELATED = new GaussianMoments(new double[] {1, -2, 0.5},
            new double[][] {{4, 1.2, 0}, {1.2, 1, -0.3}, {0, -0.3, 0.25}}, 100);

    @Test
    void drawsReproduceTheMomentsTheyWereDrawnFrom() {
        try (NDManager nd = NDManager.newBaseManager()) {
            GaussianMoments back = GaussianMoments.of(CORRELATED.sample(nd, 40_000, 5));
            for (int i = 0; i < 3; i++) {
                assertEquals(CORRELATED.mean()[i], back.mean()[i], 0.03, "mean " + i);
                for (int j = 0; j < 3; j++) {
                    assertEquals(CORRELATED.covariance()[i][j], back.covariance()[i][j],
                            0.05 * Math.sqrt(CORRELATED.covariance()[i][i] * CORRELATED.covariance()[j][j]), "cov " + i + "," + j);
                }
            }
        }
    }

    @Test
    void sameSeedSameDrawsOtherSeedOtherDraws() {
        try (NDManager nd = NDManager.newBaseManager()) {
            float[] a = CORRELATED.sample(nd, 10, 3).toFloatArray();
            assertArrayEquals(a, CORRELATED.sample(nd, 10, 3).toFloatArray());
            assertEquals(false, java.util.Arrays.equals(a, CORRELATED.sample(nd, 10, 4).toFloatArray()));
        }
    }

    /**
     * Per-row draws: row b is the one-draw sample of the row's own seed {@code of(rowSeed(b), stream)}
     * (same normals; the batched product may round the last float bit differently), a block of rows
     * gives the rows of the whole batch, and many rows reproduce the moments.
     */
    @Test
    void perRowDrawsAreTheRowsOwnDraws() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SampleSeeds rows = new SampleSeeds(7, 40, 32);
            float[] batch = CORRELATED.sample(nd, rows, 2).toFloatArray();
            assertArrayEquals(batch, CORRELATED.sample(nd, rows, 2).toFloatArray());
            for (int b = 0; b < 32; b++) {
                float[] one = CORRELATED.sample(nd, 1, SampleSeeds.of(rows.rowSeed(b), 2)).toFloatArray();
                for (int j = 0; j < 3; j++) {
                    assertEquals(one[j], batch[3 * b + j], 1e-6 * (1 + Math.abs(one[j])), "row " + b + " coordinate " + j);
                }
            }
            float[] upper = CORRELATED.sample(nd, new SampleSeeds(7, 56, 16), 2).toFloatArray();
            assertArrayEquals(java.util.Arrays.copyOfRange(batch, 48, 96), upper, "rows 56..71 alone");
            assertEquals(false, java.util.Arrays.equals(batch, CORRELATED.sample(nd, rows, 3).toFloatArray()));
            GaussianMoments back = GaussianMoments.of(CORRELATED.sample(nd, new SampleSeeds(1, 0, 40_000), 0));
            for (int i = 0; i < 3; i++) {
                assertEquals(CORRELATED.mean()[i], back.mean()[i], 0.03, "mean " + i);
                for (int j = 0; j < 3; j++) {
                    assertEquals(CORRELATED.covariance()[i][j], back.covariance()[i][j],
                            0.05 * Math.sqrt(CORRELATED.covariance()[i][i] * CORRELATED.covariance()[j][j]), "cov " + i + "," + j);
                }
            }
        }
    }

    @Test
    void degenerateCovarianceStaysOnItsLine() {
        // all mass on the line x = y
        GaussianMoments line = new GaussianMoments(new double[] {0, 0}, new double[][] {{1, 1}, {1, 1}}, 10);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = line.sample(nd, 1000, 1);
            NDArray off = x.get(":, 0").sub(x.get(":, 1")).abs().max();
            assertEquals(0, off.getFloat(), 1e-2);
            assertEquals(1.0, GaussianMoments.of(x).covariance()[0][0], 0.15);
        }
    }

    @Test
    void indefiniteCovarianceIsRejected() {
        GaussianMoments bad = new GaussianMoments(new double[] {0, 0}, new double[][] {{1, 0}, {0, -1}}, 10);
        try (NDManager nd = NDManager.newBaseManager()) {
            assertThrows(IllegalStateException.class, () -> bad.sample(nd, 5, 1));
            assertThrows(IllegalArgumentException.class, () -> CORRELATED.sample(nd, 0, 1));
        }
    }
}
