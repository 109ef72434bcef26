package org.mppm.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mppm.core.Projection;
import org.mppm.core.SeededNoise;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.models.lmppm.Eq14Loss;
import org.mppm.models.lmppm.Eq14Weights;
import org.mppm.models.lmppm.NearestClean;
import org.mppm.models.nn.Codes;
import org.mppm.models.nn.LearnedDistance;
import org.mppm.models.nn.LearnedManifold;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.MnistConvAutoencoder;
import org.mppm.models.nn.SeededInitializer;
import org.mppm.models.train.Fitter;
import org.mppm.models.train.ParameterGroup;
import org.mppm.samplers.mppm.LatentMppmProjector;

/**
 * {@code bench --part lmppm} (the default), the same work as the eager-PyTorch peer benchmark
 * docs/results/README.md's bench section compares with ({@code shared/bench/peer_lmppm.py}).
 * Fields, in order:
 * <ul>
 *   <li>{@code trainSamplesPerSec}: the full Eq. 14 training step at batch {@code --batch} (128 by
 *       default; Table 7 autoencoder, latent 18, distance 18-100-50-20-1 with dropout 0.2,
 *       nearest-neighbour search over 10,000 images, both Adam updates), samples/s;</li>
 *   <li>{@code trainTwoPartsSamplesPerSec}: the same step with the batch's gradient taken over two
 *       micro-batches ({@code TrainingSchedule.microBatches} 2), which run at once on the
 *       processors the intra-op threads leave free, samples/s;</li>
 *   <li>{@code trainTwoFitsSamplesPerSec}: two fits at once, the same step of two models (other
 *       initial parameters) on two threads, both counted, samples/s: what a second core gives a job
 *       that trains several models ({@link Fitter}'s fits of different models overlap);</li>
 *   <li>{@code nearestScreening}: how x* was searched ({@link NearestClean#screening}: BFLOAT16
 *       where the CPU multiplies bfloat16 natively, else PRODUCT);</li>
 *   <li>{@code restoreImagesPerSec}: Algorithm 2 (16 steps, alpha 0.15, beta 0.1, kernel of bandwidth
 *       0.5 over 2,000 codes) at batch 256, images/s, the peer's workload;</li>
 *   <li>{@code restore8kImagesPerSec}: the same over 8,000 codes (issue 18's floor: 5,000 images/s);</li>
 *   <li>{@code restore8kPartsMs}: where one such call of 256 images goes, each part timed alone on one
 *       thread (median ms): {@code encode}, {@code decode}, {@code kernelMean} (per step) and
 *       {@code distanceGradient} (per step);</li>
 *   <li>{@code trainMflopPerSample}, {@code restoreMflopPerImage}, {@code restore8kMflopPerImage}:
 *       the work of one sample of each, counted from the shapes
 *       ({@link FlopCounts#lmppmTrainingSample}, {@link FlopCounts#algorithm2Image}: 46.0, 6.87 and
 *       13.78 MFLOP), so that rate x MFLOP / 1000 / {@code sgemmGflops} is the fraction of the
 *       machine's SGEMM rate reached;</li>
 *   <li>{@code peakMemoryMiB}: the process's peak resident memory before the two fits at once;</li>
 *   <li>{@code twoFitsPeakMemoryMiB}: the same after them (two steps' working sets at a time).</li>
 * </ul>
 * Random images of MNIST's shape and randomly initialised networks: speed depends on neither.
 */
public final class LmppmBench implements BenchPart {
    private static final int CLEAN = 10_000;
    private static final int CODES = 2_000;
    private static final int CODES_8K = 8_000;
    private static final int LATENT = MnistConvAutoencoder.DEFAULT_LATENT;
    private static final int[] DISTANCE = {LATENT, 100, 50, 20, 1};
    private static final int STEPS = 16;
    /** Images per Algorithm 2 call (the peer's batch), whatever {@code --batch} says. */
    static final int RESTORE_BATCH = 256;

    @Override
    public Map<String, Object> run(BenchSettings settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise random = new SeededNoise(settings.seed());
            MnistConvAutoencoder ae = new MnistConvAutoencoder(LATENT);
            Mlp distance = new Mlp(DISTANCE, 0.2f);
            SeededInitializer.initialize(ae, nd, DataType.FLOAT32, random, new Shape(1, 1, 28, 28));
            SeededInitializer.initialize(distance, nd, DataType.FLOAT32, random, new Shape(1, LATENT));
            NDArray clean = random.nextUniform(nd, new Shape(CLEAN, 1, 28, 28), DataType.FLOAT32, 0, 1);
            try (NearestClean nearest = new NearestClean(clean)) {
                Training training = Training.of(ae, distance, nearest);
                Random rows = new Random(settings.seed());
                for (int parts : new int[] {1, 2}) {
                    out.put(parts == 1 ? "trainSamplesPerSec" : "trainTwoPartsSamplesPerSec", Timing.perSecond(settings, () -> {
                        training.step(nd, clean, rows, settings.batch(), random, parts);
                    }));
                }
                out.put("trainTwoFitsSamplesPerSec", Double.NaN); // measured last, after the peak of the rest
                out.put("nearestScreening", nearest.screening().name());
            }
            NDArray x = clean.get("0:{}", settings.restoreJob(RESTORE_BATCH));
            out.put("restoreImagesPerSec", restoreRate(settings, ae, distance, clean, CODES, x, null));
            Map<String, Object> parts = new LinkedHashMap<>();
            out.put("restore8kImagesPerSec", restoreRate(settings, ae, distance, clean, CODES_8K, x, parts));
            out.put("restore8kPartsMs", parts);
            out.put("trainMflopPerSample", FlopCounts.mega(FlopCounts.lmppmTrainingSample(LATENT, DISTANCE, CLEAN)));
            out.put("restoreMflopPerImage", FlopCounts.mega(FlopCounts.algorithm2Image(LATENT, DISTANCE, CODES, STEPS)));
            out.put("restore8kMflopPerImage", FlopCounts.mega(FlopCounts.algorithm2Image(LATENT, DISTANCE, CODES_8K, STEPS)));
            out.put("peakMemoryMiB", peakMemoryMiB());
            try (NearestClean nearest = new NearestClean(clean)) {
                out.put("trainTwoFitsSamplesPerSec", twoFits(settings, nd, clean, nearest, Training.of(ae, distance, nearest), random));
            }
            out.put("twoFitsPeakMemoryMiB", peakMemoryMiB());
        }
        return out;
    }

    /** Eq. 14 on one autoencoder and distance with the bench's weights and noise, and the Adam groups it trains. */
    private record Training(Eq14Loss loss, List<ParameterGroup> groups) {
        static Training of(MnistConvAutoencoder ae, Mlp distance, NearestClean nearest) {
            return new Training(new Eq14Loss(ae, distance, nearest, Eq14Weights.ones(), 0.4, true),
                    List.of(ParameterGroup.adam("autoencoder", ae, 1e-3, 0), ParameterGroup.adam("distance", distance, 1e-5, 0)));
        }

        /** One step on a batch of {@code batch} random clean images, its arrays closed after it. */
        void step(NDManager nd, NDArray clean, Random rows, int batch, SeededNoise random, int parts) {
            try (NDManager scope = nd.newSubManager()) {
                NDArray images = clean.get(scope.create(rows.longs(batch, 0, CLEAN).toArray()));
                images.attach(scope);
                Fitter.trainStep(loss, images, groups, random, parts);
            }
        }
    }

    /**
     * Samples/s of two fits at once: the step of {@code first} on this thread and the same step of a
     * second model (other initial parameters, the same clean set) on another, both counted.
     */
    private static double twoFits(BenchSettings settings, NDManager nd, NDArray clean, NearestClean nearest, Training first,
            SeededNoise random) {
        SeededNoise otherRandom = new SeededNoise(settings.seed() + 1);
        MnistConvAutoencoder ae = new MnistConvAutoencoder(LATENT);
        Mlp distance = new Mlp(DISTANCE, 0.2f);
        SeededInitializer.initialize(ae, nd, DataType.FLOAT32, otherRandom, new Shape(1, 1, 28, 28));
        SeededInitializer.initialize(distance, nd, DataType.FLOAT32, otherRandom, new Shape(1, LATENT));
        Training second = Training.of(ae, distance, nearest);
        Random rows = new Random(settings.seed());
        Random otherRows = new Random(settings.seed() + 1);
        ExecutorService other = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "bench-second-fit");
            t.setDaemon(true);
            return t;
        });
        try {
            return Timing.perSecond(settings, 2 * settings.batch(), () -> {
                Future<?> running = other.submit(() -> second.step(nd, clean, otherRows, settings.batch(), otherRandom, 1));
                first.step(nd, clean, rows, settings.batch(), random, 1);
                try {
                    running.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the second fit failed", e.getCause());
                }
            });
        } finally {
            other.shutdownNow();
        }
    }

    /**
     * Images/s of Algorithm 2 on {@code x} ({@value #RESTORE_BATCH} images per chunk thread, in chunks
     * of {@value #RESTORE_BATCH}) with the kernel over the codes of the first {@code codes} images of
     * {@code clean}; where {@code parts} is not null, {@link #callParts} of one call are put in it.
     */
    private static double restoreRate(BenchSettings settings, MnistConvAutoencoder ae, Mlp distance, NDArray clean,
            int codes, NDArray x, Map<String, Object> parts) {
        try (NDManager scope = clean.getManager().newSubManager()) {
            NDArray images = clean.get("0:{}", codes);
            images.attach(scope);
            NDArray encoded = Codes.encodeAll(ae, images);
            try (GaussianKernelDensity kernel = GaussianKernelDensity.of(encoded, 0.5)) {
                LatentMppmProjector restorer = LatentMppmProjector.builder().autoencoder(new LearnedManifold(ae))
                        .distance(new LearnedDistance(distance)).kernel(kernel).alpha(0.15).beta(0.1).steps(STEPS).build();
                double rate = Timing.perSecond(settings, settings.restoreJob(RESTORE_BATCH), () -> {
                    try (NDArray restored = restorer.restore(x, settings.chunking(RESTORE_BATCH))) {
                        restored.getShape();
                    }
                });
                if (parts != null) {
                    parts.putAll(callParts(settings, new LearnedManifold(ae), new LearnedDistance(distance), kernel, x));
                }
                return rate;
            }
        }
    }

    /**
     * Where one Algorithm 2 call of the first {@value #RESTORE_BATCH} images goes, each part timed
     * alone on this thread (median ms): {@code encode} (F, once per call), {@code decode} (G, once),
     * {@code kernelMean} (Eq. 15 over the codes, once per step) and {@code distanceGradient} (D and
     * its input gradient, once per step). A call is about encode + decode + steps x (kernelMean +
     * distanceGradient) plus the flow's element-wise updates.
     */
    private static Map<String, Object> callParts(BenchSettings settings, LearnedManifold manifold, LearnedDistance distance,
            GaussianKernelDensity kernel, NDArray images) {
        Map<String, Object> parts = new LinkedHashMap<>();
        try (NDManager scope = images.getManager().newSubManager()) {
            NDArray x = images.get("0:{}", RESTORE_BATCH);
            x.attach(scope);
            NDArray z = manifold.chart(x);
            z.attach(scope);
            parts.put("encode", millis(settings, () -> manifold.chart(x).close()));
            parts.put("decode", millis(settings, () -> manifold.embed(z).close()));
            parts.put("kernelMean", millis(settings, () -> kernel.kernelMean(z).close()));
            parts.put("distanceGradient", millis(settings, () -> distance.distanceWithGradient(z).close()));
        }
        return parts;
    }

    /** The median milliseconds of {@code run}, rounded to 0.01. */
    private static double millis(BenchSettings settings, Runnable run) {
        return Math.round(Timing.medianSeconds(settings, run) * 1e5) / 100.0;
    }

    /** The peak resident set size (VmHWM) of this process, or -1 where /proc is not available. */
    static double peakMemoryMiB() {
        return ProcessMemory.peakMiB();
    }
}
