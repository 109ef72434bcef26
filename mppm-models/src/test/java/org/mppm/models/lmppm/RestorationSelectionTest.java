package org.mppm.models.lmppm;

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
import org.mppm.models.train.ValidationSplit;

/** The restoration settings an LMPPM fit chooses on its validation split (circle points, MLP autoencoder). */
class RestorationSelectionTest {
    private static NDManager nd;
    private static NDArray circle;

    @BeforeAll
    static void data() {
        nd = NDManager.newBaseManager();
        circle = LmppmTest.circle(nd, 300, 1);
    }

    @AfterAll
    static void release() {
        nd.close();
    }

    private static LmppmBuilder builder() {
        return Lmppm.builder().encoder(4, 16, 2).distanceHidden(16).trainingNoise(0.2).learningRates(1e-3, 1e-3).batchSize(32)
                .epochs(4).seed(3).restorationSearch(RestorationSearch.defaults().withSamples(30));
    }

    @Test
    void aFixedSeedGivesFixedChoicesFromTheGridAndTheyRoundTripThroughModelJson(@TempDir Path dir) throws Exception {
        RestorationSearch grid = RestorationSearch.defaults();
        try (Lmppm a = builder().fit(circle); Lmppm b = builder().fit(circle)) {
            LmppmConfig chosen = a.config();
            assertEquals(chosen.restoration(), b.config().restoration());
            assertEquals(chosen.kernelBandwidth(), b.config().kernelBandwidth());
            LmppmRestoration r = chosen.restoration();
            assertTrue(Arrays.stream(grid.steps()).anyMatch(s -> s == r.steps()), r.toString());
            assertTrue(r.steps() == 0 || Arrays.stream(grid.alphas()).anyMatch(x -> x == r.alpha()), r.toString());
            double rule = RestorationSelection.ruleBandwidth(a.codes(), chosen);
            assertTrue(Arrays.stream(grid.bandwidthScales()).anyMatch(s -> s * rule == chosen.kernelBandwidth()),
                    chosen.kernelBandwidth() + " is a multiple of the rule's " + rule);
            assertEquals(KernelMetric.STANDARDISED, chosen.kernelMetric());

            a.save(dir.resolve("m"));
            JsonObject saved = JsonParser.parseString(Files.readString(dir.resolve("m/model.json"))).getAsJsonObject()
                    .getAsJsonObject("config");
            assertEquals(chosen.kernelBandwidth(), saved.get("kernelBandwidth").getAsDouble(), 0);
            assertEquals(r.steps(), saved.getAsJsonObject("restoration").get("steps").getAsInt());
            try (Lmppm loaded = Lmppm.load(dir.resolve("m"))) {
                assertEquals(chosen.restoration(), loaded.config().restoration());
                assertEquals(chosen.kernelBandwidth(), loaded.config().kernelBandwidth());
                NDArray x = circle.get("0:10").add(0.15f);
                assertTrue(a.restorer().restore(x).contentEquals(loaded.restorer().restore(x)), "restores the same after load");
            }
        }
    }

    @Test
    void theSearchReadsOnlyTheValidationSamplesAndTheTrainingPartsCodes() {
        try (Lmppm model = builder().fit(circle)) {
            LmppmConfig config = builder().config();
            ValidationSplit split = ValidationSplit.of(300, config.schedule());
            double rule = RestorationSelection.ruleBandwidth(model.codes(), config);
            RestorationSelection.Choice choice = RestorationSelection.choose(model.manifold(), model.distance(), model.codes(),
                    circle, split, config, rule, false);
            assertEquals(30, choice.samples());
            assertTrue(choice.validationError() <= choice.autoencoderError(), "G(F(x)) is on the grid (0 steps)");
            // garbage in every training sample and in every validation sample's code: nothing changes
            long[] unused = Arrays.copyOfRange(split.validation(), 30, split.validation().length);
            NDArray data = withRows(circle, split.training(), 1e3f);
            data = withRows(data, unused, -7f); // only the first 30 validation samples are restored
            NDArray codes = withRows(model.codes(), split.validation(), -1e3f);
            assertEquals(choice, RestorationSelection.choose(model.manifold(), model.distance(), codes, data, split, config,
                    rule, false));
        }
    }

    /** A copy of x {@code [N, D]} with these rows set to v. */
    private static NDArray withRows(NDArray x, long[] rows, float v) {
        int d = Math.toIntExact(x.getShape().get(1));
        float[] values = x.toFloatArray();
        for (long r : rows) {
            Arrays.fill(values, (int) r * d, (int) r * d + d, v);
        }
        return nd.create(values, x.getShape());
    }

    @Test
    void givenSettingsWinAndAOnePointAxisFixesThatSetting() {
        LmppmRestoration given = LmppmRestoration.DEFAULTS.withWeights(0.2, 0.05).withSteps(3);
        try (Lmppm fixed = builder().kernelBandwidth(0.7).restoration(given).fit(circle);
                Lmppm partly = builder().restorationSearch(RestorationSearch.defaults().withSamples(30).withAlphas(0.25)
                        .withBetas(0.05).withSteps(6)).fit(circle)) {
            assertEquals(given, fixed.config().restoration());
            assertEquals(0.7, fixed.config().kernelBandwidth(), 0);
            LmppmRestoration r = partly.config().restoration();
            assertEquals(0.25, r.alpha(), 0);
            assertEquals(0.05, r.beta(), 0);
            assertEquals(6, r.steps());
        }
        try (Lmppm none = builder().restorationSearch(null).kernelMetric(KernelMetric.EUCLIDEAN).fit(circle)) {
            assertEquals(LmppmRestoration.DEFAULTS, none.config().restoration(), "no search: the defaults");
            assertEquals(RestorationSelection.ruleBandwidth(none.codes(), none.config()), none.config().kernelBandwidth(), 0);
        }
    }

    @Test
    void aSearchWithoutAValidationSplitIsRejectedBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder().validationFraction(0).fit(circle));
        assertTrue(e.getMessage().contains("validationFraction is 0"), e.getMessage());
        try (Lmppm given = builder().validationFraction(0).kernelBandwidth(0.7).restoration(LmppmRestoration.DEFAULTS)
                .fit(circle)) {
            assertEquals(0.7, given.config().kernelBandwidth(), 0);
        }
    }

    @Test
    void aBadGridIsRejectedWithTheAxisNamed() {
        RestorationSearch d = RestorationSearch.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withAlphas(0.0)).getMessage().contains("alphas"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withSteps(-1)).getMessage().contains("steps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withBandwidthScales()).getMessage()
                .contains("bandwidthScales"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withAlphas(0.95).withBetas(0.1)).getMessage()
                .contains("no valid (alpha, beta) pair"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withSamples(0)).getMessage().contains("samples"));
    }
}
