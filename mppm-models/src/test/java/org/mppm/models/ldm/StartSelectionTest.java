package org.mppm.models.ldm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.models.dae.Dae;
import org.mppm.models.io.ManifestEdits;
import org.mppm.models.nn.Codes;
import org.mppm.models.train.HeldOutSamples;
import org.mppm.models.train.ValidationSplit;

/** The start step t0 an LDM fit chooses on its validation split (circle points in R^4, a DAE with a 2-d latent). */
class StartSelectionTest {
    private static final int N = 600;
    private static final int SAMPLES = 40;
    private static final double NOISE = 0.1;
    /** Not in ascending order, so that the argmin is not merely the first or the last candidate. */
    private static final int[] GRID = {150, 300, 50, 100, 200};
    private static NDManager nd;
    private static NDArray points;
    private static Dae dae;
    private static LatentDiffusion searched;

    @BeforeAll
    static void train() {
        nd = NDManager.newBaseManager();
        points = LatentDiffusionTest.circle(nd, N, 1);
        dae = Dae.builder().encoder(4, 16, 2).trainingNoise(NOISE).batchSize(64).epochs(10).patience(10).seed(3).fit(points);
        searched = builder().fit(dae, points);
    }

    @AfterAll
    static void release() {
        searched.close();
        dae.close();
        nd.close();
    }

    private static LdmBuilder builder() {
        return LatentDiffusion.builder().steps(500).hidden(32, 32).timeEmbedding(16).batchSize(64).epochs(6).patience(6).seed(5)
                .startSearch(StartSearch.defaults().withStartSteps(GRID).withSamples(SAMPLES));
    }

    /** The validation MSE of restoring from each candidate t0, computed here from the model's restorer. */
    private static double[] errors(LatentDiffusion ldm, int[] candidates) {
        try (NDManager scope = nd.newSubManager()) {
            HeldOutSamples held = HeldOutSamples.of(points, ValidationSplit.of(N, ldm.config().schedule()), SAMPLES, NOISE, false,
                    ldm.config().schedule().seed(), scope);
            return Arrays.stream(candidates).mapToDouble(t -> held.error(ldm.restoration(dae).startStep(t).build()
                    .restore(held.degraded()))).toArray();
        }
    }

    @Test
    void theChoiceIsTheArgminOfTheValidationErrorOverTheGridAndAFixedSeedFixesIt() {
        assertArrayEquals(new int[] {50, 100, 150, 200, 300}, StartSearch.defaults().candidates(2000));
        int[] candidates = searched.config().startSearch().candidates(500);
        assertArrayEquals(GRID, candidates);
        double[] errors = errors(searched, candidates);
        int argmin = 0;
        for (int i = 1; i < errors.length; i++) {
            argmin = errors[i] < errors[argmin] ? i : argmin;
        }
        System.out.println("LDM validation MSE by t0 " + Arrays.toString(candidates) + ": " + Arrays.toString(errors));
        assertTrue(Arrays.stream(errors).distinct().count() > 1, "the candidates restore differently: " + Arrays.toString(errors));
        assertEquals(candidates[argmin], searched.config().restoration().startStep());
        assertEquals(candidates[argmin], searched.restorer(dae).startStep());
        try (LatentDiffusion again = builder().fit(dae, points)) {
            assertEquals(searched.config().restoration(), again.config().restoration(), "a fixed seed gives a fixed choice");
        }
    }

    @Test
    void theSearchReadsOnlyTheFirstValidationSamples() {
        LdmConfig config = builder().config(2);
        ValidationSplit split = ValidationSplit.of(N, config.schedule());
        StartSelection.Choice choice = StartSelection.choose(searched, dae, points, split, config);
        assertEquals(SAMPLES, choice.samples());
        // garbage in every training sample and in the validation samples after the first SAMPLES: nothing changes
        float[] values = points.toFloatArray();
        long[] validation = split.validation();
        for (long row : split.training()) {
            Arrays.fill(values, (int) row * 4, (int) row * 4 + 4, 1e3f);
        }
        for (long row : Arrays.copyOfRange(validation, SAMPLES, validation.length)) {
            Arrays.fill(values, (int) row * 4, (int) row * 4 + 4, -7f);
        }
        StartSelection.Choice blind = StartSelection.choose(searched, dae, nd.create(values, points.getShape()), split, config);
        assertEquals(choice.startStep(), blind.startStep());
        assertArrayEquals(choice.errors(), blind.errors());
    }

    @Test
    void aGivenStartStepIsNotSearched() {
        // a search needs the validation split; a given t0 needs none, and stays as given though it is off the grid
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder().validationFraction(0).fit(dae, points));
        assertTrue(e.getMessage().contains("validationFraction is 0"), e.getMessage());
        try (LatentDiffusion given = builder().validationFraction(0).startStep(120).fit(dae, points)) {
            assertEquals(120, given.config().restoration().startStep());
            assertEquals(120, given.restorer(dae).startStep());
        }
        try (LatentDiffusion none = builder().startSearch(null).epochs(1).fit(dae, points)) {
            assertEquals(200, none.config().restoration().startStep(), "no search: min(200, T)");
        }
        try (LatentDiffusion fromCodes = builder().epochs(1).fit(Codes.encodeAll(dae.autoencoder(), points))) {
            assertEquals(200, fromCodes.config().restoration().startStep(), "codes alone: nothing to restore, min(200, T)");
        }
    }

    @Test
    void theChoiceIsSavedAndLoadsAsTheSameRestorerAndOldModelsStartAt200(@TempDir Path dir) throws Exception {
        int chosen = searched.config().restoration().startStep();
        searched.save(dir.resolve("ldm"));
        JsonObject saved = JsonParser.parseString(Files.readString(dir.resolve("ldm/model.json"))).getAsJsonObject()
                .getAsJsonObject("config");
        assertEquals(chosen, saved.getAsJsonObject("restoration").get("startStep").getAsInt());
        NDArray x = points.get("0:16").add(0.1f);
        try (LatentDiffusion loaded = LatentDiffusion.load(dir.resolve("ldm"))) {
            assertEquals(searched.config().restoration(), loaded.config().restoration());
            assertTrue(searched.restorer(dae).restore(x).contentEquals(loaded.restorer(dae).restore(x)), "restores the same after load");
        }
        // saved before the start step was chosen: without startStep (the seed kept), or without the restoration settings
        ManifestEdits.editConfigAndReseal(dir.resolve("ldm"), c -> c.getAsJsonObject("restoration").remove("startStep"));
        try (LatentDiffusion old = LatentDiffusion.load(dir.resolve("ldm"))) {
            assertEquals(new LdmRestoration(200, LdmRestoration.DEFAULT_SEED), old.config().restoration());
        }
        ManifestEdits.editConfigAndReseal(dir.resolve("ldm"), c -> {
            c.remove("restoration");
            c.remove("startSearch");
        });
        try (LatentDiffusion old = LatentDiffusion.load(dir.resolve("ldm"))) {
            assertEquals(200, old.restorer(dae).startStep());
        }
    }

    @Test
    void theGridIsClippedToTAndBadGridsAreRejectedNamingTheField() {
        assertArrayEquals(new int[] {50, 80}, StartSearch.defaults().candidates(80));
        assertArrayEquals(new int[] {30}, StartSearch.defaults().withStartSteps(50, 30, 100).candidates(30));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StartSearch.defaults().withStartSteps(0)).getMessage()
                .contains("startSteps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StartSearch.defaults().withStartSteps()).getMessage()
                .contains("startSteps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StartSearch.defaults().withSamples(0)).getMessage()
                .contains("samples"));
    }
}
