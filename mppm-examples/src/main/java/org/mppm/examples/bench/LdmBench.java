package org.mppm.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmConfig;
import org.mppm.models.ldm.LdmRestorer;
import org.mppm.models.recipes.MnistRecipe;
import org.mppm.models.recipes.Recipes;
import org.mppm.models.train.TrainingListener;

/**
 * {@code bench --part ldm}: the LDM baseline's restoration ({@link LatentDiffusion#restorer(Dae)}:
 * encode, the DDPM reverse chain from the start step, decode) at batch {@value DaeBench#BATCH},
 * images/s. The models are the MNIST recipe's ({@link Recipes#mnistTable7()}: T = 2,000 steps, the
 * start step fixed at 200 (the fit's search is skipped: a fixed workload), the noise predictor with time embedding 128 and hidden widths
 * 256-512-256) built through the library's API, the DAE and the noise predictor each trained for
 * a single epoch on {@value DaeBench#BATCH} random images of MNIST's shape: speed depends neither
 * on the weights nor on the pixels. Fields: {@code restoreImagesPerSec}, {@code restoreMflopPerImage}
 * ({@link FlopCounts#ldmImage}, 132.3 MFLOP), {@code diffusionSteps} (T), {@code startStep} and
 * {@code peakMemoryMiB}. {@code --batch} is not used.
 */
public final class LdmBench implements BenchPart {

    @Override
    public Map<String, Object> run(BenchSettings settings) {
        MnistRecipe recipe = Recipes.mnistTable7().build();
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray images = DaeBench.images(nd, settings.seed());
            try (Dae dae = DaeBench.dae(recipe, images, settings.seed());
                 LatentDiffusion ldm = recipe.ldm(settings.seed(), TrainingListener.NONE).epochs(1)
                         .startStep(LdmRestorer.DEFAULT_START_STEP).fit(dae, images)) {
                LdmRestorer restorer = ldm.restorer(dae);
                out.put("restoreImagesPerSec", DaeBench.restoreRate(settings, restorer, images));
                LdmConfig config = ldm.config();
                out.put("restoreMflopPerImage", FlopCounts.mega(FlopCounts.ldmImage(config.latentDimension(),
                        config.timeEmbedding(), config.hidden(), restorer.startStep())));
                out.put("diffusionSteps", config.steps());
                out.put("startStep", restorer.startStep());
            }
        }
        out.put("peakMemoryMiB", ProcessMemory.peakMiB());
        return out;
    }
}
