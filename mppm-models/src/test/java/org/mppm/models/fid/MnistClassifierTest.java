package org.mppm.models.fid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mppm.core.image.degrade.GaussianNoise;
import org.mppm.models.data.LabelledImages;
import org.mppm.models.data.MnistData;

/** Trains the FID classifier once (cached under target/ between runs) and checks it and the FID. */
class MnistClassifierTest {
    private static final Path CACHE = Path.of("target", "test-cache", "mnist-fid-classifier.bin");
    private static MnistData data;
    private static MnistClassifier classifier;
    private static double accuracy;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() throws IOException {
        data = MnistData.embedded();
        long t0 = System.nanoTime();
        classifier = MnistClassifier.loadOrTrain(CACHE, data.train(), FidClassifierConfig.defaults());
        accuracy = classifier.accuracy(data.test());
        System.err.printf("FID classifier: test accuracy %.4f on %d digits (%.1f s incl. training if not cached)%n",
                accuracy, data.test().count(), (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void accuracyOnTheEmbeddedTestSplitIsAtLeast97Percent() {
        assertTrue(accuracy >= 0.97, "test accuracy " + accuracy);
    }

    @Test
    void saveLoadRoundTripGivesIdenticalEmbeddings() throws IOException {
        Path file = tmp.resolve("c.bin");
        classifier.save(file);
        try (MnistClassifier loaded = MnistClassifier.load(file); NDManager m = NDManager.newBaseManager()) {
            NDArray x = data.test().head(20).images(m);
            NDArray e = classifier.embed(x);
            assertEquals(new Shape(20, 128), e.getShape());
            assertArrayEquals(e.toFloatArray(), loaded.embed(x).toFloatArray(), 0f);
            assertEquals(classifier.config(), loaded.config());
        }
    }

    @Test
    void damagedCacheFailsClearlyOnLoadAndIsRetrainedByLoadOrTrain() throws IOException {
        Path file = tmp.resolve("c.bin");
        classifier.save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 0x55;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> MnistClassifier.load(file));
        assertEquals("corrupt classifier file " + file + ": checksum mismatch", e.getMessage());
        Files.write(file, java.util.Arrays.copyOf(bytes, 3)); // cut short
        e = assertThrows(IOException.class, () -> MnistClassifier.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        FidClassifierConfig tiny = FidClassifierConfig.builder().epochs(1).embeddingSize(16).build();
        Path foreign = tmp.resolve("notes.bin");
        Files.write(foreign, new byte[] {1, 2, 3});
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> MnistClassifier.loadOrTrain(foreign, data.train().head(256), tiny));
        assertTrue(refused.getMessage().contains("not an mppm FID classifier file"), refused.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(foreign));
        try (MnistClassifier retrained = MnistClassifier.loadOrTrain(file, data.train().head(256), tiny);
                MnistClassifier reloaded = MnistClassifier.load(file)) {
            assertEquals(tiny, reloaded.config());
        }
    }

    @Test
    void leavesOnlyItsResultInTheCallersManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = data.test().head(600).images(m).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
            int before = m.getManagedArrays().size();
            NDArray e = classifier.embed(x);
            classifier.classify(x);
            assertEquals(new Shape(600, 128), e.getShape());
            assertEquals(before + 1, m.getManagedArrays().size());
        }
    }

    /** One pass for both (over two chunks of 500): the bits of embed and logits, two arrays left with the caller. */
    @Test
    void embedAndLogitsIsOnePassWithTheBitsOfEmbedAndLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = data.test().head(700).images(m);
            float[] features = classifier.embed(x).toFloatArray();
            NDArray logits = classifier.logits(x);
            int before = m.getManagedArrays().size();
            ai.djl.ndarray.NDList both = classifier.embedAndLogits(x);
            assertEquals(before + 2, m.getManagedArrays().size());
            assertEquals(new Shape(700, 128), both.get(0).getShape());
            assertArrayEquals(features, both.get(0).toFloatArray(), 0f);
            assertArrayEquals(logits.toFloatArray(), both.get(1).toFloatArray(), 0f);
            assertArrayEquals(classifier.classify(x), MnistClassifier.classes(both.get(1)));
        }
    }

    @Test
    void histogramCountsEveryDigitOnceAndAgreementIsTheFractionOfOneClass() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = data.test().head(200).images(m);
            int[] predicted = classifier.classify(x);
            int[] histogram = classifier.histogram(x);
            assertEquals(10, histogram.length);
            assertEquals(200, java.util.Arrays.stream(histogram).sum());
            for (int digit = 0; digit < 10; digit++) {
                final int d = digit;
                assertEquals(java.util.Arrays.stream(predicted).filter(c -> c == d).count(), histogram[digit]);
                assertEquals(histogram[digit] / 200.0, classifier.agreement(x, digit), 1e-12);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classifier.agreement(x, 10));
            assertEquals("digit must be in 0..9, got 10", e.getMessage());
            int[] labels = data.test().head(200).labels();
            int[] shifted = java.util.Arrays.stream(labels).map(l -> (l + 1) % 10).toArray();
            assertTrue(classifier.accuracy(x, labels) >= 0.95, "accuracy against the true labels");
            assertTrue(classifier.accuracy(x, shifted) <= 0.05, "accuracy against wrong labels");
            e = assertThrows(IllegalArgumentException.class, () -> classifier.accuracy(x, new int[3]));
            assertTrue(e.getMessage().contains("200 digits, 3 labels"), e.getMessage());
        }
    }

    @Test
    void rejectsDigitsOfTheWrongShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> classifier.embed(m.zeros(new Shape(2, 1, 32, 32))));
            assertEquals("digits must be [N, 1, 28, 28]; got shape (2, 1, 32, 32)", e.getMessage());
        }
    }

    @Test
    void classConditionalFidIsSmallForCleanDigitsAndGrowsWithNoise() {
        ClassConditionalFid fid = new ClassConditionalFid(classifier, data.train().head(4000));
        LabelledImages test = data.test().head(1000);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray clean = test.images(m);
            FidResult c = fid.evaluate(clean);
            FidResult mild = fid.evaluate(new GaussianNoise(0.3).apply(clean, 1));
            FidResult strong = fid.evaluate(new GaussianNoise(0.7).apply(clean, 1));
            System.err.printf("FID clean %.3f / %.3f, noise 0.3 %.3f / %.3f, noise 0.7 %.3f / %.3f (class-weighted / overall)%n",
                    c.classConditional(), c.overall(), mild.classConditional(), mild.overall(),
                    strong.classConditional(), strong.overall());
            assertEquals(1000, c.sampleCount());
            assertEquals(4000, c.referenceCount());
            assertTrue(c.featureExtractor().startsWith("mnist-cnn-classifier penultimate 128-d"));
            assertEquals(1000, c.perClass().stream().mapToInt(ClassFid::count).sum());
            assertTrue(c.classConditional() < mild.classConditional() && mild.classConditional() < strong.classConditional());
            assertTrue(c.overall() < mild.overall() && mild.overall() < strong.overall());
            FidResult self = new ClassConditionalFid(classifier, test).evaluate(clean);
            assertEquals(0.0, self.overall(), 1e-6);
            DigitScore scored = DigitScore.of(fid, classifier, clean);
            assertEquals(c.classConditional(), scored.fid(), 1e-12, "the score's FID is the class-conditional one");
            org.junit.jupiter.api.Assertions.assertArrayEquals(classifier.histogram(clean), scored.classHistogram());
            // one pass for the FID and the predicted classes: the same FID, and the classifier's own accuracy
            NDArray noisy = new GaussianNoise(0.7).apply(clean, 1);
            ClassScores one = fid.score(noisy);
            assertEquals(strong, one.fid());
            org.junit.jupiter.api.Assertions.assertArrayEquals(classifier.classify(noisy), one.predicted());
            assertEquals(classifier.accuracy(noisy, test.labels()), one.accuracy(test.labels()), 0.0);
            assertTrue(one.accuracy(test.labels()) < classifier.accuracy(clean, test.labels()), "noise costs accuracy");
        }
    }
}
