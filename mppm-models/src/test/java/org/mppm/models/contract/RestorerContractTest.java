package org.mppm.models.contract;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mppm.core.SeededNoise;
import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.nn.ColourRamps;

/** Every restoration method of the library through the same {@link Contracts#restorer} checks, on tiny models. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestorerContractTest {
    private static final AutoencoderSpec UNET = AutoencoderSpec.unet(3, 16, 8, 4, 8);

    private NDManager nd;
    private NDArray points;
    private NDArray images;
    private Lmppm lmppm;
    private Lmppm unet;
    private Mppm mppm;
    private Dae dae;
    private LatentDiffusion ldm;

    @BeforeAll
    void fit() {
        nd = NDManager.newBaseManager();
        NDArray circle = circle(nd, 400);
        NDArray ramps = ColourRamps.of(nd, 64, 3, 16, 5);
        lmppm = Lmppm.builder().encoder(4, 16, 2).epochs(3).batchSize(64).seed(3).kernelBandwidth(0.3).fit(circle);
        unet = Lmppm.builder().autoencoder(UNET).trainingNoise(0.2).epochs(1).batchSize(32).seed(4).kernelBandwidth(1)
                .fit(ramps);
        mppm = Mppm.builder().encoder(4, 16, 1).epochs(2).batchSize(64).seed(11).fit(circle);
        dae = Dae.builder().encoder(4, 16, 2).epochs(2).batchSize(64).seed(2).fit(circle);
        ldm = LatentDiffusion.builder().steps(50).hidden(16, 16).timeEmbedding(8).batchSize(64).epochs(1).seed(5)
                .fit(dae, circle);
        points = circle.get("0:37").add(SeededNoise.normal(nd, new Shape(37, 4), DataType.FLOAT32, 9).mul(0.1f));
        images = ramps.get("0:19").add(SeededNoise.normal(nd, new Shape(19, 3, 16, 16), DataType.FLOAT32, 8).mul(0.1f))
                .clip(0, 1);
    }

    @AfterAll
    void close() {
        ldm.close();
        dae.close();
        mppm.close();
        unet.close();
        lmppm.close();
        nd.close();
    }

    private static NDArray circle(NDManager nd, int n) {
        NDArray t = SeededNoise.uniform(nd, new Shape(n, 1), DataType.FLOAT32, 0, 2 * Math.PI, 1);
        return NDArray.class.cast(t.cos()).concat(t.sin(), 1).concat(t.cos().mul(0.5f), 1).concat(t.zerosLike(), 1);
    }

    private Map<NDArray, String> badPoints() {
        Map<NDArray, String> bad = new LinkedHashMap<>();
        bad.put(points.get("0:3").mul(Float.NaN), "NaN");
        bad.put(nd.zeros(new Shape(3, 5)), "shape");
        return bad;
    }

    private Map<NDArray, String> badImages() {
        Map<NDArray, String> bad = new LinkedHashMap<>();
        bad.put(images.get("0:2").mul(Float.NaN), "NaN");
        bad.put(images.get("0:2").mul(255), "[0, 1]");
        bad.put(nd.zeros(new Shape(2, 1, 16, 16)), "shape");
        return bad;
    }

    @Test
    void lmppmAlgorithm2() {
        Contracts.restorer("LMPPM Algorithm 2", lmppm.restoration().steps(6).build(), points, badPoints());
        Contracts.restorer("LMPPM restorer(), its saved settings", lmppm.restorer(), points, badPoints());
    }

    @Test
    void lmppmAlgorithm2WithATolerance() {
        Contracts.restorer("LMPPM Algorithm 2, tolerance", lmppm.restoration().tolerance(1e-3, 20).build(), points,
                badPoints());
    }

    @Test
    void theDecodedEncoding() {
        Contracts.restorer("G(F(x))", lmppm.restoration().steps(0).build(), points, badPoints());
    }

    @Test
    void unetAlgorithm2AndItsVariants() {
        Contracts.restorer("U-Net LMPPM", unet.restoration().steps(3).build(), images, badImages());
        Contracts.restorer("U-Net LMPPM, re-encoding", unet.restoration().steps(3).reencodeEachStep(true).build(), images,
                badImages());
        Contracts.restorer("U-Net LMPPM, skips follow", unet.restoration().steps(3).skipsFollowRestoration(true).build(),
                images, badImages());
    }

    @Test
    void mppmAlgorithm1() {
        Contracts.restorer("MPPM Algorithm 1", mppm.restoration().tolerance(1e-3, 20).build(), points, badPoints());
    }

    @Test
    void dae() {
        Contracts.restorer("DAE", dae.restorer(), points, badPoints());
    }

    @Test
    void latentDiffusion() {
        Contracts.restorer("LDM", ldm.restoration(dae).startStep(20).seed(3).build(), points, badPoints());
    }
}
