package org.mppm.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mppm.core.Projection;
import org.mppm.core.SeededNoise;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.models.lmppm.Eq14Loss;
import org.mppm.models.lmppm.Eq14Weights;
import org.mppm.models.lmppm.NearestClean;
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
 * docs/results/README.md's bench section compares with: the full Eq. 14 training step at batch 128 (Table 7
 * autoencoder, latent 18, distance 18-100-50-20-1 with dropout 0.2, nearest-neighbour search over
 * 10,000 images, both Adam updates) in samples/s; Algorithm 2 (16 steps, kernel over 2,000 codes)
 * at batch 256 in images/s; and the process's peak resident memory in MiB. Random images of
 * MNIST's shape: speed does not depend on the pixels.
 */
public final class LmppmBench implements BenchPart {
    private static final int CLEAN = 10_000;
    private static final int CODES = 2_000;
    private static final int RESTORE_BATCH = 256;

    @Override
    public Map<String, Object> run(BenchSettings settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise random = new SeededNoise(settings.seed());
            MnistConvAutoencoder ae = new MnistConvAutoencoder(MnistConvAutoencoder.DEFAULT_LATENT);
            Mlp distance = new Mlp(new int[] {18, 100, 50, 20, 1}, 0.2f);
            SeededInitializer.initialize(ae, nd, DataType.FLOAT32, random, new Shape(1, 1, 28, 28));
            SeededInitializer.initialize(distance, nd, DataType.FLOAT32, random, new Shape(1, 18));
            NDArray clean = random.nextUniform(nd, new Shape(CLEAN, 1, 28, 28), DataType.FLOAT32, 0, 1);
            try (NearestClean nearest = new NearestClean(clean)) {
                Eq14Loss loss = new Eq14Loss(ae, distance, nearest, Eq14Weights.ones(), 0.4, true);
                List<ParameterGroup> groups = List.of(ParameterGroup.adam("autoencoder", ae, 1e-3, 0),
                        ParameterGroup.adam("distance", distance, 1e-5, 0));
                Random rows = new Random(settings.seed());
                out.put("trainSamplesPerSec", Timing.perSecond(settings, () -> {
                    try (NDManager scope = nd.newSubManager()) {
                        NDArray batch = clean.get(scope.create(rows.longs(settings.batch(), 0, CLEAN).toArray()));
                        batch.attach(scope);
                        Fitter.trainStep(loss, batch, groups, random);
                    }
                }));
            }
            NDArray codes = new LearnedManifold(ae).chart(clean.get("0:{}", CODES));
            try (GaussianKernelDensity kernel = GaussianKernelDensity.of(codes, 0.5)) {
                LatentMppmProjector restorer = LatentMppmProjector.builder().autoencoder(new LearnedManifold(ae))
                        .distance(new LearnedDistance(distance)).kernel(kernel).alpha(0.15).beta(0.1).steps(16).build();
                NDArray x = clean.get("0:{}", RESTORE_BATCH);
                BenchSettings restore = new BenchSettings(settings.warmup(), settings.iterations(), RESTORE_BATCH, settings.seed());
                out.put("restoreImagesPerSec", Timing.perSecond(restore, () -> {
                    try (Projection p = restorer.project(x)) {
                        p.result().getShape();
                    }
                }));
            }
        }
        out.put("peakMemoryMiB", peakMemoryMiB());
        return out;
    }

    /** The peak resident set size (VmHWM) of this process, or -1 where /proc is not available. */
    static double peakMemoryMiB() {
        return ProcessMemory.peakMiB();
    }
}
