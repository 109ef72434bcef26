package org.mppm.models.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.mppm.core.Restorer;

import org.mppm.core.Chunking;

import static org.mppm.models.embed.ConcurrentCalls.assertSameBitsAsSequential;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.Projection;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.LabelledImages;
import org.mppm.models.data.MnistData;
import org.mppm.models.edm.FitConfig;
import org.mppm.models.edm.ImageDenoiser;
import org.mppm.models.edm.ImageDenoiserConfig;
import org.mppm.models.edm.PointDenoiser;
import org.mppm.models.edm.PointDenoiserConfig;
import org.mppm.models.edm.TorchScriptDenoiser;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.nn.ColourRamps;
import org.mppm.samplers.mppm.LatentMppmProjector;

/**
 * The concurrency contract: one loaded model of every type, called from 8 threads x 50 calls on one
 * shared input, gives the sequential result bit for bit, and stays usable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedModelConcurrencyTest {
    static final int THREADS = 8;
    static final int CALLS = 50;

    @TempDir
    Path dir;
    NDManager nd;
    NDArray digits;
    NDArray points;

    @BeforeAll
    void data() {
        nd = NDManager.newBaseManager();
        LabelledImages train = MnistData.embedded().train().head(256);
        digits = train.images(nd);
        Random random = new Random(3);
        float[] p = new float[3 * 300];
        for (int i = 0; i < 300; i++) {
            double t = Math.PI * random.nextDouble();
            p[3 * i] = (float) Math.cos(t);
            p[3 * i + 1] = (float) Math.sin(t);
        }
        points = nd.create(p, new Shape(300, 3));
    }

    @AfterAll
    void close() {
        nd.close();
    }

    private static NDArray result(Projection p) {
        try (p) {
            return p.result().duplicate();
        }
    }

    private Path saved(String name) {
        return dir.resolve(name);
    }

    @Test
    void lmppmConvRestorer() throws Exception {
        try (Lmppm fitted = Lmppm.builder().autoencoder(AutoencoderSpec.mnistCnn(8)).epochs(1).batchSize(64).seed(1)
                .kernelBandwidth(0.5).fit(digits)) {
            fitted.save(saved("lmppm"));
        }
        try (Lmppm model = Lmppm.load(saved("lmppm"))) {
            LatentMppmProjector restorer = model.restoration().steps(4).build();
            NDArray x = digits.get("0:4").mul(0.9f).add(0.05f);
            assertSameBitsAsSequential("LMPPM (Algorithm 2)", in -> result(restorer.project(in)), x, THREADS, CALLS);
            assertSameBitsAsSequential("LMPPM G(F(x))", in -> result(model.restoration().steps(0).build().project(in)), x,
                    THREADS, 10);
            assertParallelChunksAreSequentialBits("LMPPM (Algorithm 2)", restorer, digits.get("0:100").mul(0.9f).add(0.05f));
        }
    }

    @Test
    void lmppmUNetRestorerAndDae() throws Exception {
        NDArray faces = ColourRamps.of(nd, 64, 3, 16, 5);
        AutoencoderSpec unet = AutoencoderSpec.unet(3, 16, 8, 4, 8);
        try (Lmppm fitted = Lmppm.builder().autoencoder(unet).trainingNoise(0.2).epochs(1).batchSize(32).seed(4)
                .kernelBandwidth(1).fit(faces)) {
            fitted.save(saved("unet"));
        }
        NDArray x = faces.get("0:3").mul(0.9f).add(0.05f);
        try (Lmppm model = Lmppm.load(saved("unet"))) {
            LatentMppmProjector restorer = model.restoration().steps(3).build();
            assertSameBitsAsSequential("U-Net LMPPM", in -> result(restorer.project(in)), x, THREADS, CALLS);
            LatentMppmProjector reencoding = model.restoration().steps(2).reencodeEachStep(true).build();
            assertSameBitsAsSequential("U-Net LMPPM, re-encoding", in -> result(reencoding.project(in)), x, THREADS, 10);
        }
    }

    @Test
    void daeAndLatentDiffusion() throws Exception {
        try (Dae fitted = Dae.builder().autoencoder(AutoencoderSpec.mnistCnn(8)).epochs(1).batchSize(64).seed(2).fit(digits)) {
            fitted.save(saved("dae"));
            try (LatentDiffusion ldm = LatentDiffusion.builder().steps(100).hidden(32, 32).timeEmbedding(16).batchSize(64)
                    .epochs(1).seed(5).fit(fitted, digits)) {
                ldm.save(saved("ldm"));
            }
        }
        NDArray x = digits.get("0:4");
        try (Dae dae = Dae.load(saved("dae")); LatentDiffusion ldm = LatentDiffusion.load(saved("ldm"))) {
            assertSameBitsAsSequential("DAE", dae::restore, x, THREADS, CALLS);
            var restorer = ldm.restoration(dae).startStep(5).seed(9).build();
            assertSameBitsAsSequential("LDM", restorer::restore, x, THREADS, CALLS);
            assertParallelChunksAreSequentialBits("DAE", dae.restorer(), digits.get("0:100"));
            assertParallelChunksAreSequentialBits("LDM", restorer, digits.get("0:100"));
        }
    }

    /** One job in parallel chunks ({@link Chunking#withThreads}) gives the bits of one thread. */
    private static void assertParallelChunksAreSequentialBits(String what, Restorer restorer, NDArray x) {
        float[] one = restorer.restore(x, Chunking.of(256)).toFloatArray();
        for (int threads : new int[] {2, 3}) {
            assertArrayEquals(one, restorer.restore(x, Chunking.of(32).withThreads(threads)).toFloatArray(),
                    what + ": " + threads + " threads");
        }
    }

    @Test
    void mppmOnPoints() throws Exception {
        try (Mppm fitted = Mppm.builder().encoder(3, 16, 1).epochs(2).batchSize(64).seed(11).fit(points)) {
            fitted.save(saved("mppm"));
        }
        try (Mppm model = Mppm.load(saved("mppm"))) {
            var restorer = model.restoration().steps(2).build();
            NDArray x = points.get("0:16").add(0.05f);
            assertSameBitsAsSequential("MPPM (Algorithm 1)", in -> result(restorer.project(in)), x, THREADS, CALLS);
        }
    }

    @Test
    void kernelDensity() throws Exception {
        try (GaussianKernelDensity kernel = GaussianKernelDensity.of(points, 0.3, 64)) {
            NDArray q = points.get("0:20").add(0.1f);
            assertSameBitsAsSequential("kernel mean", kernel::kernelMean, q, THREADS, CALLS);
        }
    }

    @Test
    void edmDenoisers() throws Exception {
        try (PointDenoiser fitted = PointDenoiser.builder().config(PointDenoiserConfig.of(3)).seed(3)
                .training(FitConfig.builder().iterations(20).batchSize(32).seed(4).build()).fit(points)) {
            fitted.save(saved("edm-points"));
        }
        ImageDenoiserConfig config = ImageDenoiserConfig.grayscale(8);
        NDArray bars = ColourRamps.of(nd, 16, 1, 8, 2);
        try (ImageDenoiser fitted = ImageDenoiser.builder().config(config).seed(3)
                .training(FitConfig.builder().iterations(10).batchSize(8).seed(4).build()).fit(bars)) {
            fitted.save(saved("edm-images"));
        }
        try (PointDenoiser p = PointDenoiser.load(saved("edm-points")); ImageDenoiser i = ImageDenoiser.load(saved("edm-images"))) {
            assertSameBitsAsSequential("EDM point denoiser", in -> p.denoise(in, 0.3), points.get("0:16"), THREADS, CALLS);
            assertSameBitsAsSequential("EDM image denoiser", in -> i.denoise(in, 0.3), bars.get("0:4"), THREADS, CALLS);
        }
    }

    @Test
    void torchScriptDenoiser() throws Exception {
        try (TorchScriptDenoiser d = TorchScriptDenoiser.load(fixture("gaussian-denoiser.pt"),
                TorchScriptDenoiser.Convention.DENOISER, 0.5)) {
            NDArray x = nd.create(new float[] {1, -2, 0.5f, 3}, new Shape(2, 2));
            assertSameBitsAsSequential("TorchScript denoiser", in -> d.denoise(in, 0.5), x, THREADS, CALLS);
        }
    }

    @Test
    void fidClassifier() throws Exception {
        LabelledImages train = MnistData.embedded().train().head(256);
        try (MnistClassifier fitted = MnistClassifier.builder().epochs(1).batchSize(64).seed(3).fit(train)) {
            fitted.save(saved("classifier.params"));
        }
        try (MnistClassifier c = MnistClassifier.load(saved("classifier.params"))) {
            NDArray x = digits.get("0:8");
            assertSameBitsAsSequential("FID classifier logits", c::logits, x, THREADS, CALLS);
            assertSameBitsAsSequential("FID classifier embedding", c::embed, x, THREADS, CALLS);
        }
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(SharedModelConcurrencyTest.class.getResource("/torchscript/" + name).toURI());
    }
}
