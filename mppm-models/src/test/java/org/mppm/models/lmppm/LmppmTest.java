package org.mppm.models.lmppm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.Projection;
import org.mppm.models.train.EpochReport;

class LmppmTest {

    /** Points on a circle in R^4 through an MLP autoencoder with a 2-D latent. */
    static NDArray circle(NDManager nd, int n, long seed) {
        Random random = new Random(seed);
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * random.nextDouble();
            p[i] = new double[] {Math.cos(t), Math.sin(t), 0.5 * Math.cos(t), 0};
        }
        return nd.create(p).toType(DataType.FLOAT32, false);
    }

    @Test
    void aShortFitLowersEveryLossTermAndSurvivesSaveAndLoad(@TempDir Path dir) {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray clean = circle(nd, 600, 1);
            List<EpochReport> reports = new ArrayList<>();
            try (Lmppm model = Lmppm.builder().encoder(4, 32, 16, 2).trainingNoise(0.2).learningRates(1e-3, 1e-3)
                    .batchSize(64).epochs(25).patience(25).seed(3).listener(reports::add).fit(clean)) {
                Map<String, Double> first = reports.get(0).terms();
                Map<String, Double> last = reports.get(reports.size() - 1).terms();
                assertEquals(6, first.size());
                for (String term : first.keySet()) {
                    assertTrue(last.get(term) < first.get(term) || last.get(term) == 0,
                            term + ": " + first.get(term) + " -> " + last.get(term));
                }
                assertEquals(600, model.codes().getShape().get(0));
                NDArray noisy = clean.get("0:20").add(0.1f);
                Path saved = dir.resolve("lmppm");
                model.save(saved);
                try (Lmppm loaded = Lmppm.load(saved);
                        Projection a = model.restoration().steps(8).build().project(noisy);
                        Projection b = loaded.restoration().steps(8).build().project(noisy)) {
                    assertTrue(a.result().contentEquals(b.result()), "bit-identical after load");
                    assertEquals(4, a.result().getShape().get(1));
                }
            }
        }
    }
}
