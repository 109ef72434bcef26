package org.mppm.models.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.Projection;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.MnistData;
import org.mppm.models.edm.ImageDenoiser;
import org.mppm.models.edm.ImageDenoiserConfig;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.samplers.mppm.LatentMppmProjector;

/**
 * The lifecycle contract: closing a model while 8 threads call it never crashes the JVM; every call
 * either returns the right result or fails with an IllegalStateException saying the model is
 * closed; calls after close fail the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloseDuringUseTest {
    @TempDir
    Path dir;
    NDManager nd;
    NDArray digits;

    @BeforeAll
    void data() {
        nd = NDManager.newBaseManager();
        digits = MnistData.embedded().train().head(256).images(nd);
    }

    @AfterAll
    void close() {
        nd.close();
    }

    /**
     * Calls {@code call(input)} from 8 threads until each has seen a failure, closes {@code model}
     * while they run, and checks every failure and every result.
     */
    private static void closeWhileCalled(String what, AutoCloseable model, Function<NDArray, NDArray> call, NDArray input)
            throws Exception {
        int[] expected = ConcurrentCalls.bits(call.apply(input));
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        ConcurrentCalls.inThreads(8, () -> {
            Thread.sleep(150);
            model.close();
        }, () -> {
            for (int i = 0; i < 100_000; i++) {
                try {
                    if (!Arrays.equals(expected, ConcurrentCalls.bits(call.apply(input)))) {
                        wrong.incrementAndGet();
                    }
                    succeeded.incrementAndGet();
                } catch (IllegalStateException e) {
                    if (e.getMessage() != null && e.getMessage().contains("closed")) {
                        refused.incrementAndGet();
                    } else {
                        unexpected.add(e);
                    }
                    return;
                } catch (RuntimeException | Error e) {
                    unexpected.add(e);
                    return;
                }
            }
        });
        if (!unexpected.isEmpty()) {
            throw new AssertionError(what + ": " + unexpected.size() + " calls failed other than 'closed', first: "
                    + unexpected.peek(), unexpected.peek());
        }
        assertEquals(0, wrong.get(), what + ": wrong results before the close");
        assertEquals(8, refused.get(), what + ": every thread ends with the 'closed' error");
        assertTrue(succeeded.get() > 0, what + ": calls ran before the close");
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> call.apply(input));
        assertTrue(after.getMessage().contains("closed"), after.getMessage());
        System.out.printf("%s: %d calls succeeded, then 8 threads were refused cleanly: %s%n", what, succeeded.get(),
                after.getMessage());
    }

    private static NDArray result(Projection p) {
        try (p) {
            return p.result().duplicate();
        }
    }

    @Test
    void lmppmClosedWhileRestoring() throws Exception {
        try (Lmppm fitted = Lmppm.builder().autoencoder(AutoencoderSpec.mnistCnn(8)).epochs(1).batchSize(64).seed(1)
                .kernelBandwidth(0.5).fit(digits)) {
            fitted.save(dir.resolve("lmppm"));
        }
        Lmppm model = Lmppm.load(dir.resolve("lmppm"));
        LatentMppmProjector restorer = model.restoration().steps(4).build();
        closeWhileCalled("LMPPM", model, in -> result(restorer.project(in)), digits.get("0:4"));
        assertTrue(assertThrows(IllegalStateException.class, model::kernel).getMessage().contains("LMPPM model is closed"));
        model.close(); // twice is fine
    }

    @Test
    void daeAndLdmClosedWhileRestoring() throws Exception {
        try (Dae fitted = Dae.builder().autoencoder(AutoencoderSpec.mnistCnn(8)).epochs(1).batchSize(64).seed(2).fit(digits)) {
            fitted.save(dir.resolve("dae"));
            try (LatentDiffusion ldm = LatentDiffusion.builder().steps(100).hidden(32, 32).timeEmbedding(16).batchSize(64)
                    .epochs(1).seed(5).fit(fitted, digits)) {
                ldm.save(dir.resolve("ldm"));
            }
        }
        Dae dae = Dae.load(dir.resolve("dae"));
        closeWhileCalled("DAE", dae, dae::restore, digits.get("0:4"));
        try (Dae kept = Dae.load(dir.resolve("dae"))) {
            LatentDiffusion ldm = LatentDiffusion.load(dir.resolve("ldm"));
            var restorer = ldm.restoration(kept).startStep(10).seed(3).build();
            closeWhileCalled("LDM", ldm, restorer::restore, digits.get("0:4"));
        }
    }

    @Test
    void denoiserAndKernelClosedWhileCalled() throws Exception {
        ImageDenoiser denoiser = ImageDenoiser.builder().config(ImageDenoiserConfig.grayscale(8)).seed(3).untrained();
        NDArray x = nd.randomUniform(0, 1, new Shape(4, 1, 8, 8));
        closeWhileCalled("EDM denoiser", denoiser, in -> denoiser.denoise(in, 0.5), x);
        GaussianKernelDensity kernel = GaussianKernelDensity.of(nd.randomNormal(new Shape(500, 4)), 0.5, 64);
        closeWhileCalled("kernel density", kernel, kernel::kernelMean, nd.randomNormal(new Shape(16, 4)));
    }
}
