package org.mppm.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mppm.core.Restorer;
import org.mppm.core.SeededNoise;
import org.mppm.models.dae.Dae;
import org.mppm.models.recipes.MnistRecipe;
import org.mppm.models.recipes.Recipes;
import org.mppm.models.train.TrainingListener;

/**
 * {@code bench --part dae}: the DAE baseline's restoration {@code G(F(x))} ({@link Dae#restorer()})
 * at batch {@value #BATCH}, images/s. The DAE is the MNIST recipe's ({@link Recipes#mnistTable7()},
 * Table 7 autoencoder, latent 18) built through the library's API and trained for a single epoch
 * on {@value #BATCH} random images of MNIST's shape: its weights are as good as random, and speed
 * depends neither on them nor on the pixels. Fields: {@code restoreImagesPerSec},
 * {@code restoreMflopPerImage} ({@link FlopCounts#daeImage}, 4.06 MFLOP) and {@code peakMemoryMiB}.
 * {@code --batch} is not used.
 */
public final class DaeBench implements BenchPart {
    /** Images per restoration call (Algorithm 2's batch in {@link LmppmBench}). */
    static final int BATCH = LmppmBench.RESTORE_BATCH;

    @Override
    public Map<String, Object> run(BenchSettings settings) {
        MnistRecipe recipe = Recipes.mnistTable7().build();
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray images = images(nd, settings.seed());
            try (Dae dae = dae(recipe, images, settings.seed())) {
                out.put("restoreImagesPerSec", restoreRate(settings, dae.restorer(), images));
            }
        }
        out.put("restoreMflopPerImage", FlopCounts.mega(FlopCounts.daeImage(recipe.latent())));
        out.put("peakMemoryMiB", ProcessMemory.peakMiB());
        return out;
    }

    /** {@value #BATCH} images {@code [BATCH, 1, 28, 28]}, uniform in [0, 1), from {@code seed}. */
    static NDArray images(NDManager nd, long seed) {
        return new SeededNoise(seed).nextUniform(nd, new Shape(BATCH, 1, 28, 28), DataType.FLOAT32, 0, 1);
    }

    /** The recipe's DAE trained for one epoch on {@code images}: a Table 7 autoencoder with next to random weights. */
    static Dae dae(MnistRecipe recipe, NDArray images, long seed) {
        return recipe.dae(seed, TrainingListener.NONE).epochs(1).fit(images);
    }

    /**
     * Images/s of {@code restorer.restore(job, chunking)}: {@code x} ({@value #BATCH} images) once per
     * chunk thread, in chunks of {@value #BATCH}, one per thread at once; the result closed each time.
     */
    static double restoreRate(BenchSettings settings, Restorer restorer, NDArray x) {
        int copies = settings.chunkThreads();
        long[] repeats = new long[x.getShape().dimension()];
        java.util.Arrays.fill(repeats, 1);
        repeats[0] = copies;
        try (NDArray job = x.tile(repeats)) {
            return Timing.perSecond(settings, settings.restoreJob(BATCH), () -> {
                try (NDArray restored = restorer.restore(job, settings.chunking(BATCH))) {
                    restored.getShape();
                }
            });
        }
    }
}
