package org.mppm.models.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.mppm.models.dae.Dae;
import org.mppm.models.lmppm.Eq14Variant;
import org.mppm.models.lmppm.Eq14Weights;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.mppm.Mppm;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.train.TrainingListener;

/** The presets hold the papers' values and hand out the builders configured as the experiments always were. */
class RecipesTest {
    private static final Gson GSON = new Gson();

    private static void assertSameConfig(Object expected, Object actual) {
        assertEquals(GSON.toJsonTree(expected), GSON.toJsonTree(actual));
    }

    @Test
    void mnistTable7HasThePapersValues() {
        MnistRecipe r = Recipes.mnistTable7().build();
        assertEquals(18, r.latent());
        assertEquals(100, r.epochs());
        assertEquals(1e-5, r.distanceRate());
        assertEquals(Eq14Variant.paper(), r.variant());
        assertSameConfig(AutoencoderSpec.mnistCnn(18), r.architecture());
        assertTrue(r.clampNoise(), "training noise clamped to [0, 1], as the test degradations and the authors' code");
        assertTrue(r.dae(7, TrainingListener.NONE).config().clampNoisy());
        assertEquals(0, r.dae(7, TrainingListener.NONE).config().schedule().validationFraction(), "the DAE trains on every digit");
    }

    @Test
    void mnistBuildersAreTheExperimentsSettings() {
        MnistRecipe r = Recipes.mnistTable7().latent(12).epochs(3).distanceRate(1e-3).clampNoise(true).ldmEpochs(5).build();
        assertSameConfig(Dae.builder().autoencoder(AutoencoderSpec.mnistCnn(12)).trainingNoise(0.4).clampNoisy(true).epochs(3)
                .batchSize(128).patience(8).validationFraction(0).weightDecay(0).seed(7).config(),
                r.dae(7, TrainingListener.NONE).config());
        assertSameConfig(Lmppm.builder().autoencoder(AutoencoderSpec.mnistCnn(12)).trainingNoise(0.4).clampNoisy(true).epochs(3)
                .learningRates(1e-3, 1e-3).variant(Eq14Variant.paper()).batchSize(128).patience(8).seed(7).config(),
                r.lmppm(7, TrainingListener.NONE).config());
        assertEquals(5, r.ldm(7, TrainingListener.NONE).config(12).schedule().epochs());
        assertEquals(2000, r.ldm(7, TrainingListener.NONE).config(12).steps());
    }

    @Test
    void facesTable8HasThePapersValues() {
        FacesRecipe r = Recipes.facesTable8().build();
        assertEquals(120, r.size());
        assertEquals(1024, r.latent());
        assertArrayEquals(new int[] {32, 64, 128, 256}, r.widths());
        assertEquals(4, r.skipLevels(), "every level has skips, as Table 8");
        assertEquals(75, r.epochs());
        assertEquals(32, r.batch());
        assertEquals(0.2, r.noise());
        assertEquals(Eq14Weights.ones(), r.weights());
        assertEquals("U-Net [32, 64, 128, 256], skips at 4 levels, latent 1024, 120x120", r.describe());
    }

    @Test
    void facesBuildersAreTheExperimentsSettings() {
        FacesRecipe r = Recipes.facesTable8().size(16).widths(4, 8).latent(8).epochs(1).batch(16).distanceRate(1e-3)
                .daeSkipDropout(0.5).ldmEpochs(2).build();
        AutoencoderSpec unet = AutoencoderSpec.unetWithSkipLevels(3, 16, 8, 2, 4, 8);
        assertSameConfig(unet, r.architecture());
        assertSameConfig(Dae.builder().autoencoder(unet).trainingNoise(0.2).learningRate(1e-3).weightDecay(0).epochs(1)
                .batchSize(16).patience(8).skipDropout(0.5).seed(3).config(), r.dae(3, TrainingListener.NONE).config());
        assertSameConfig(Lmppm.builder().autoencoder(unet).trainingNoise(0.2).epochs(1).learningRates(1e-3, 1e-3).batchSize(16)
                .patience(8).weights(Eq14Weights.ones()).skipDropout(0).seed(3).config(), r.lmppm(3, TrainingListener.NONE).config());
    }

    @Test
    void circleBuildersAreTheExperimentsSettings() {
        CircleRecipe r = Recipes.circleTable6().epochs(15).build();
        assertArrayEquals(new int[] {3, 64, 32, 16, 8}, r.encoder());
        assertSameConfig(Dae.builder().encoder(3, 64, 32, 16, 8).trainingNoise(0.1).epochs(15).patience(100).seed(7).config(),
                r.dae(7, TrainingListener.NONE).config());
        assertSameConfig(Mppm.builder().encoder(3, 64, 32, 16, 8).dropout(0.2).trainingNoise(0.1).epochs(15).patience(100).seed(7)
                .kernel(0.01, 0.15, 8).config(), r.mppm(7, TrainingListener.NONE).config());
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipes.circleTable6().dropout(1).build()).getMessage()
                .contains("dropout"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipes.mnistTable7().epochs(0).build()).getMessage()
                .contains("epochs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipes.mnistTable7().distanceRate(-1).build())
                .getMessage().contains("distanceRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipes.facesTable8().widths().build()).getMessage()
                .contains("widths"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipes.facesTable8().skipLevels(5).build()).getMessage()
                .contains("skipLevels"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipes.facesTable8().size(8).widths(4, 8, 16, 32).build())
                .getMessage().contains("U-Net"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Recipes.facesTable8().skipDropout(2).build()).getMessage()
                .contains("skipDropout"));
    }
}
