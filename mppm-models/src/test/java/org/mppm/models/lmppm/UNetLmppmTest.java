package org.mppm.models.lmppm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.LatentEncoding;
import org.mppm.core.Projection;
import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.nn.ColourRamps;
import org.mppm.models.train.EpochReport;
import org.mppm.samplers.flow.IterativeFlow;
import org.mppm.samplers.flow.StoppingRule;
import org.mppm.samplers.mppm.DistanceDescent;
import org.mppm.samplers.mppm.KernelPull;

/** LMPPM, DAE and LDM on the Table 8 U-Net with skip projections (small: 3 x 16 x 16, widths 4-8, latent 8). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UNetLmppmTest {
    private static final AutoencoderSpec UNET = AutoencoderSpec.unet(3, 16, 8, 4, 8);

    private NDManager nd;
    private NDArray clean;
    private NDArray degraded;
    private Lmppm model;
    private final List<EpochReport> reports = new ArrayList<>();

    @BeforeAll
    void fit() {
        nd = NDManager.newBaseManager();
        clean = ColourRamps.of(nd, 96, 3, 16, 5);
        degraded = clean.get("0:6").add(nd.randomNormal(0, 0.2f, new ai.djl.ndarray.types.Shape(6, 3, 16, 16),
                clean.getDataType())).clip(0, 1);
        model = Lmppm.builder().autoencoder(UNET).trainingNoise(0.2).learningRates(1e-3, 1e-3).batchSize(32).epochs(6)
                .patience(6).seed(4).kernelBandwidth(1).listener(reports::add).fit(clean);
    }

    @AfterAll
    void close() {
        model.close();
        nd.close();
    }

    @Test
    void aShortEq14FitWithSkipsLowersTheLoss() {
        EpochReport first = reports.get(0);
        EpochReport last = reports.get(reports.size() - 1);
        assertEquals(6, first.terms().size());
        assertTrue(last.trainingLoss() < first.trainingLoss(), first.trainingLoss() + " -> " + last.trainingLoss());
        assertTrue(last.terms().get("reconstruct") < first.terms().get("reconstruct"));
        assertTrue(last.terms().get("decodedShift") < first.terms().get("decodedShift"));
        assertEquals(new ai.djl.ndarray.types.Shape(96, 8), model.codes().getShape());
    }

    @Test
    void zeroStepsRestoreTheReconstructionWithSkips() {
        try (Projection p = model.restoration().steps(0).build().project(degraded)) {
            NDArray plain = model.manifold().project(degraded);
            assertTrue(p.result().sub(plain).abs().max().getFloat() < 1e-6f);
            assertEquals(0, p.maxIterations());
        }
    }

    @Test
    void restorationChangesTheImageOnlyThroughTheLatentCode() {
        int steps = 5;
        try (Projection p = model.restoration().alpha(0.15).beta(0.1).steps(steps).build().project(degraded);
                LatentEncoding encoding = model.manifold().chartWithContext(degraded);
                Projection latent = new IterativeFlow(8, List.of(new DistanceDescent(model.distance(), 0.15),
                        new KernelPull(model.kernel()::kernelMean, 0.1)), StoppingRule.fixedSteps(steps), List.of(), false)
                        .project(encoding.code())) {
            NDArray expected = encoding.decode(latent.result());
            assertTrue(p.result().sub(expected).abs().max().getFloat() < 1e-5f, "G(S(x) + S-hat(z^N), z^N)");
            assertTrue(p.result().sub(model.manifold().project(degraded)).abs().max().getFloat() > 1e-5f, "the steps move it");
        }
    }

    @Test
    void skipScaleZeroDecodesFromTheCodeAloneAndOneIsTheUsualDecode() {
        NDArray alone = model.manifold(0).project(degraded);
        NDArray fromCode = model.manifold().embed(model.manifold().chart(degraded));
        assertTrue(alone.sub(fromCode).abs().max().getFloat() < 1e-6f, "kappa 0: G(S-hat(z), z)");
        assertTrue(model.manifold(1).project(degraded).contentEquals(model.manifold().project(degraded)));
        NDArray half = model.manifold(0.5).project(degraded);
        assertTrue(half.sub(alone).abs().max().getFloat() > 1e-4f && half.sub(model.manifold().project(degraded)).abs().max()
                .getFloat() > 1e-4f, "kappa 0.5 is neither");
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> model.manifold(bad));
            assertTrue(e.getMessage().contains("skip scale"), e.getMessage());
        }
    }

    @Test
    void saveAndLoadGiveTheSameRestorationsBothWays(@TempDir Path dir) {
        Path saved = dir.resolve("lmppm");
        model.save(saved);
        try (Lmppm loaded = Lmppm.load(saved)) {
            for (boolean reencode : new boolean[] {false, true}) {
                try (Projection a = model.restoration().steps(3).reencodeEachStep(reencode).build().project(degraded);
                        Projection b = loaded.restoration().steps(3).reencodeEachStep(reencode).build().project(degraded)) {
                    assertTrue(a.result().contentEquals(b.result()), "bit-identical after load, re-encode " + reencode);
                    assertEquals(degraded.getShape(), a.result().getShape());
                }
            }
        }
    }

    @Test
    void reencodingEachStepIsAPixelFlowThatStartsFromTheReconstruction() {
        try (Projection one = model.restoration().steps(1).reencodeEachStep(true).recordTrajectory(true).build().project(degraded);
                Projection once = model.restoration().steps(1).build().project(degraded)) {
            // one step: encode x, step z, decode with x's skips — the same as encoding once
            assertTrue(one.result().sub(once.result()).abs().max().getFloat() < 1e-5f);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 6, 3 * 16 * 16), one.trajectory().orElseThrow().getShape());
        }
    }

    @Test
    void daeAndLdmRunOnTheSameUNet(@TempDir Path dir) {
        try (Dae dae = Dae.builder().autoencoder(UNET).trainingNoise(0.2).epochs(2).batchSize(32).patience(2).seed(4).fit(clean)) {
            NDArray restored = dae.restore(degraded);
            assertEquals(degraded.getShape(), restored.getShape());
            dae.save(dir.resolve("dae"));
            try (Dae loaded = Dae.load(dir.resolve("dae"));
                    LatentDiffusion ldm = LatentDiffusion.builder().steps(50).epochs(2).batchSize(32).seed(4).fit(dae, clean)) {
                assertTrue(loaded.restore(degraded).contentEquals(restored));
                NDArray viaLdm = ldm.restoration(dae).startStep(10).seed(1).build().restore(degraded);
                assertEquals(degraded.getShape(), viaLdm.getShape());
                assertTrue(Float.isFinite(viaLdm.sum().getFloat()));
            }
        }
    }

    @Test
    void everyRestorerPathRejects255ScaleImages() {
        NDArray wrongScale = degraded.mul(255);
        for (boolean reencode : new boolean[] {false, true}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.restoration().steps(2).reencodeEachStep(reencode).build().project(wrongScale));
            assertTrue(e.getMessage().contains("divide by 255"), e.getMessage());
        }
    }
}
