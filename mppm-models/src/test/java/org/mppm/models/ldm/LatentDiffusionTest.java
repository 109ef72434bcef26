package org.mppm.models.ldm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.models.dae.Dae;
import org.mppm.models.train.EpochReport;

class LatentDiffusionTest {
    static NDManager nd;
    static NDArray points;
    static Dae dae;
    static LatentDiffusion ldm;
    static final List<EpochReport> REPORTS = new ArrayList<>();

    /** Points on a circle in R^4 (the DAE's 2-D latent holds them). */
    static NDArray circle(NDManager m, int n, long seed) {
        Random random = new Random(seed);
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * random.nextDouble();
            p[i] = new double[] {Math.cos(t), Math.sin(t), 0.5 * Math.cos(t), 0};
        }
        return m.create(p).toType(DataType.FLOAT32, false);
    }

    @BeforeAll
    static void train() {
        nd = NDManager.newBaseManager();
        points = circle(nd, 600, 1);
        dae = Dae.builder().encoder(4, 16, 2).trainingNoise(0.1).batchSize(64).epochs(15).patience(15).seed(3).fit(points);
        ldm = LatentDiffusion.builder().steps(500).hidden(64, 64).timeEmbedding(32).batchSize(64).epochs(20).patience(20)
                .seed(5).listener(REPORTS::add).fit(dae, points);
    }

    @AfterAll
    static void close() {
        ldm.close();
        dae.close();
        nd.close();
    }

    @Test
    void aShortFitLowersTheLoss() {
        double first = REPORTS.get(0).trainingLoss();
        double last = REPORTS.get(REPORTS.size() - 1).trainingLoss();
        System.out.println("LDM mse: first epoch " + first + ", last epoch " + last + " (" + REPORTS.size() + " epochs)");
        assertTrue(last < 0.8 * first, first + " -> " + last);
        assertEquals(2, ldm.latentDimension());
    }

    @Test
    void restorationIsDeterministicBySeedAndBitIdenticalAfterSaveAndLoad(@TempDir Path dir) {
        NDArray noisy = points.get("0:32").add(0.1f);
        LdmRestorer restorer = ldm.restoration(dae).startStep(100).seed(9).build();
        NDArray a = restorer.restore(noisy);
        assertEquals(noisy.getShape(), a.getShape());
        assertTrue(a.contentEquals(restorer.restore(noisy)), "same seed, same numbers");
        assertFalse(a.contentEquals(ldm.restoration(dae).startStep(100).seed(10).build().restore(noisy)), "another seed");
        Path saved = dir.resolve("ldm");
        ldm.save(saved);
        try (LatentDiffusion loaded = LatentDiffusion.load(saved)) {
            assertEquals(ldm.config().steps(), loaded.config().steps());
            NDArray b = loaded.restoration(dae).startStep(100).seed(9).build().restore(noisy);
            assertTrue(a.contentEquals(b), "bit-identical after load");
        }
    }

    @Test
    void theStartIsChosenFromTheGridOrIsTheWholeShortChain() {
        int chosen = ldm.restoration(dae).build().startStep();
        assertTrue(java.util.Arrays.stream(StartSearch.defaults().startSteps()).anyMatch(t -> t == chosen), "t0 " + chosen);
        try (LatentDiffusion shortChain = LatentDiffusion.builder().steps(50).hidden(8).timeEmbedding(4).epochs(1).seed(1)
                .fit(nd.randomNormal(new Shape(20, 2)))) {
            assertEquals(50, shortChain.restoration(dae).build().startStep());
        }
    }

    @Test
    void restoringManyStepsDoesNotGrowTheCallersManager() {
        try (NDManager caller = nd.newSubManager()) {
            NDArray x = points.get("0:64");
            x.attach(caller);
            LdmRestorer restorer = ldm.restoration(dae).startStep(500).build();
            int before = caller.getManagedArrays().size();
            NDArray restored = restorer.restore(x);
            assertEquals(before + 1, caller.getManagedArrays().size(), "only the result is added");
            assertEquals(restored.getManager(), caller);
            int codesBefore = caller.getManagedArrays().size();
            NDArray z = caller.randomNormal(new Shape(16, 2));
            ldm.denoise(z, 500, 1);
            assertEquals(codesBefore + 2, caller.getManagedArrays().size());
        }
    }

    @Test
    void badInputIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ldm.restoration(dae).startStep(0).build());
        assertTrue(e.getMessage().contains("startStep") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ldm.restoration(dae).startStep(501).build());
        assertTrue(e.getMessage().contains("501") && e.getMessage().contains("[1, 500]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ldm.denoise(nd.zeros(new Shape(4, 2)), 600, 1));
        assertTrue(e.getMessage().contains("t0") && e.getMessage().contains("600"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ldm.denoise(nd.zeros(new Shape(4, 3)), 10, 1));
        assertTrue(e.getMessage().contains("(4, 3)"), e.getMessage());
        NDArray nan = points.get("0:4").duplicate();
        nan.set(new ai.djl.ndarray.index.NDIndex("1, 2"), Float.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> ldm.restoration(dae).build().restore(nan));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        // restoreRows: restore(x) pads a chunk to 16 rows before the check, which then names the padded shape
        e = assertThrows(IllegalArgumentException.class, () -> ldm.restorer(dae).restoreRows(nd.zeros(new Shape(4, 3)), 0));
        assertTrue(e.getMessage().contains("(4, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LatentDiffusion.builder().betas(0.02, 1e-4).config(2));
        assertTrue(e.getMessage().contains("0.02"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LatentDiffusion.builder().steps(0).config(2));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
    }
}
