package org.mppm.models.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mppm.core.Chunking;
import org.mppm.core.Restorer;
import org.mppm.core.image.degrade.GaussianNoise;
import org.mppm.core.image.degrade.MissingPixels;

/** The evaluation on a tiny set with stub restorers: what an exact, a useless and a chunked restorer score. */
class RestorationEvaluationTest {
    private static final Restorer IDENTITY = (x, first) -> x.duplicate();
    private static final Restorer ZEROS = (x, first) -> x.zerosLike();
    private static NDManager manager;
    private static NDArray clean;

    @BeforeAll
    static void images() {
        manager = NDManager.newBaseManager();
        SplittableRandom r = new SplittableRandom(3);
        float[] v = new float[20 * 1 * 12 * 12];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.5 + 0.4 * Math.sin(i * 0.37) * r.nextDouble());
        }
        clean = manager.create(v, new Shape(20, 1, 12, 12));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static RestorationEvaluation.Builder builder() {
        return RestorationEvaluation.builder().degradation("noise", new GaussianNoise(0.3))
                .degradations(List.of(new MissingPixels(0.1, 0))).seed(5);
    }

    @Test
    void theIdentityScoresTheDegradedImagesAndNothingBeatsTheCleanOnes() {
        // a "restorer" that returns the clean images exactly: SSIM 1, PSNR infinite, FID of the clean set
        Restorer oracle = (x, first) -> clean.get("{}:{}", first, first + x.getShape().get(0)).duplicate();
        RestorationResults results = builder().method("identity", IDENTITY).method("zeros", ZEROS)
                .method("oracle", (x, first) -> {
                    // padded chunks: only the real rows come from the clean images; padding copies the last
                    long rows = Math.min(x.getShape().get(0), clean.getShape().get(0) - first);
                    NDArray head = oracle.restoreRows(x.get("0:{}", rows), first);
                    return rows == x.getShape().get(0) ? head : head.concat(x.get("{}:", rows).duplicate(), 0);
                })
                .fid(x -> x.mean().getFloat() == 0 ? 100 : 1).chunking(Chunking.of(7)).build().evaluate(clean);
        assertEquals(List.of("noise", "missing-0.1"), results.degradations());
        assertEquals(List.of("identity", "zeros", "oracle"), results.methods());
        for (String d : results.degradations()) {
            Score degraded = results.degraded(d);
            Score identity = results.score(d, "identity");
            assertEquals(degraded, identity, "restoring nothing scores the degraded images");
            assertTrue(degraded.ssim() < 0.99 && Double.isFinite(degraded.psnr()), d + ": " + degraded);
            Score oracle2 = results.score(d, "oracle");
            assertEquals(1, oracle2.ssim(), 1e-6, d);
            assertEquals(Double.POSITIVE_INFINITY, oracle2.psnr(), d);
            Score zeros = results.score(d, "zeros");
            assertTrue(zeros.ssim() < identity.ssim() && zeros.psnr() < identity.psnr() && zeros.fid() > identity.fid(),
                    d + ": zeros " + zeros + " against identity " + identity);
        }
    }

    @Test
    void accuracyComparesEachRestorationWithItsOwnCleanImage() {
        // the stub classifier's "class" of an image is its nearest clean image: right when that is its own
        float[][] cleanRows = rows(clean);
        Accuracy nearestIsOwn = x -> {
            float[][] r = rows(x);
            int right = 0;
            for (int i = 0; i < r.length; i++) {
                int best = 0;
                for (int j = 1; j < cleanRows.length; j++) {
                    best = distance(r[i], cleanRows[j]) < distance(r[i], cleanRows[best]) ? j : best;
                }
                right += best == i ? 1 : 0;
            }
            return right / (double) r.length;
        };
        Restorer shuffled = (x, first) -> x.flip(0).duplicate(); // other rows' images: a class "hallucinated"
        RestorationResults results = builder().method("identity", IDENTITY).method("zeros", ZEROS)
                .method("shuffled", shuffled)
                .accuracy(nearestIsOwn).chunking(Chunking.of(20)).build().evaluate(clean);
        for (String d : results.degradations()) {
            assertTrue(results.score(d, "zeros").accuracy() <= 0.05, "one class for all: at most one right");
            assertTrue(results.score(d, "identity").accuracy() > 0.9, d + ": " + results.score(d, "identity"));
            assertTrue(results.score(d, "shuffled").accuracy() < 0.5,
                    d + ": identity " + results.score(d, "identity") + ", shuffled " + results.score(d, "shuffled"));
        }
        String table = results.markdown("accuracy", Score::accuracy, "%.3f");
        assertTrue(table.startsWith("| accuracy | noise | missing-0.1 |"), table);
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "| zeros | %.3f |",
                results.score("noise", "zeros").accuracy())), table);
        assertTrue(Double.isNaN(builder().method("identity", IDENTITY).build().evaluate(clean).score("noise", "identity")
                .accuracy()), "no classifier, no accuracy");
    }

    private static float[][] rows(NDArray images) {
        int n = Math.toIntExact(images.getShape().get(0));
        float[] v = images.toFloatArray();
        int d = v.length / n;
        float[][] r = new float[n][];
        for (int i = 0; i < n; i++) {
            r[i] = java.util.Arrays.copyOfRange(v, i * d, (i + 1) * d);
        }
        return r;
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    /** One scorer for both measures gives what the two apart give; giving both ways is refused. */
    @Test
    void fidAndAccuracyTogetherScoreAsTheyDoApart() {
        Fid fid = x -> 10 * x.mean().getFloat();
        Accuracy accuracy = x -> x.max().getFloat();
        RestorationResults apart = builder().method("identity", IDENTITY).method("zeros", ZEROS).fid(fid).accuracy(accuracy)
                .build().evaluate(clean);
        RestorationResults together = builder().method("identity", IDENTITY).method("zeros", ZEROS)
                .fidAndAccuracy(x -> new FidAndAccuracy.Measured(fid.evaluate(x), accuracy.of(x))).build().evaluate(clean);
        assertEquals(apart.byDegradation(), together.byDegradation());
        assertTrue(apart.score("noise", "identity").fid() > apart.score("noise", "zeros").fid(), "the scorer was used");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> builder().fid(fid).fidAndAccuracy(x -> new FidAndAccuracy.Measured(0, 0)).build());
        assertTrue(e.getMessage().startsWith("fidAndAccuracy"), e.getMessage());
    }

    @Test
    void degradationsAreSeededAndRestorersRunInChunks() {
        List<Long> chunks = new ArrayList<>();
        Restorer recording = (x, first) -> {
            chunks.add(first);
            return x.duplicate();
        };
        RestorationEvaluation e = builder().method("recording", recording).chunking(Chunking.of(8)).build();
        RestorationResults a = e.evaluate(clean);
        assertEquals(List.of(0L, 8L, 16L, 0L, 8L, 16L), chunks, "20 images in chunks of 8, for both degradations");
        assertEquals(a.byDegradation(), e.evaluate(clean).byDegradation(), "the same seed degrades the same way");
        RestorationResults other = builder().seed(6).method("recording", recording).build().evaluate(clean);
        assertFalse(a.score("noise", "recording").equals(other.score("noise", "recording")));
        assertTrue(Double.isNaN(a.score("noise", "recording").fid()), "no FID asked for");
    }

    @Test
    void theObserverSeesEveryImageInOrderAndNothingLeaks() {
        List<String> calls = new ArrayList<>();
        RestorationObserver observer = new RestorationObserver() {
            @Override
            public void degraded(String d, NDArray degraded) {
                calls.add(d + ":degraded:" + degraded.getShape());
            }

            @Override
            public void restored(String d, String method, NDArray restored) {
                calls.add(d + ":" + method + ":" + restored.getShape());
            }

            @Override
            public void finished(String d, Score degraded, Map<String, Score> methods) {
                calls.add(d + ":finished:" + methods.keySet());
            }
        };
        int before = manager.getManagedArrays().size();
        builder().method("identity", IDENTITY).method("zeros", ZEROS).build().evaluate(clean, observer);
        assertEquals(before, manager.getManagedArrays().size(), "every temporary is released");
        String s = "(20, 1, 12, 12)";
        assertEquals(List.of("noise:degraded:" + s, "noise:identity:" + s, "noise:zeros:" + s, "noise:finished:[identity, zeros]",
                "missing-0.1:degraded:" + s, "missing-0.1:identity:" + s, "missing-0.1:zeros:" + s,
                "missing-0.1:finished:[identity, zeros]"), calls);
    }

    @Test
    void meanChangeIsTheMeanAbsoluteDifferenceOfTwoMethodsPerDegradation() {
        MeanChange change = new MeanChange("identity", "zeros");
        builder().method("identity", IDENTITY).method("zeros", ZEROS).method("same", IDENTITY).build().evaluate(clean, change);
        assertEquals(List.of("noise", "missing-0.1"), List.copyOf(change.byDegradation().keySet()));
        double[] expected = new double[2];
        int[] k = {0};
        builder().method("identity", IDENTITY).build().evaluate(clean, new RestorationObserver() {
            @Override
            public void degraded(String d, NDArray degraded) {
                expected[k[0]++] = degraded.abs().mean().getFloat();
            }
        });
        assertEquals(expected[0], change.byDegradation().get("noise"), 1e-6, "|y - 0| averaged");
        assertEquals(expected[1], change.byDegradation().get("missing-0.1"), 1e-6);
        MeanChange none = new MeanChange("identity", "same");
        builder().method("identity", IDENTITY).method("same", IDENTITY).build().evaluate(clean, none);
        assertEquals(0.0, none.byDegradation().get("noise"));
        assertThrows(IllegalStateException.class, () -> builder().method("zeros", ZEROS).method("identity", IDENTITY).build()
                .evaluate(clean, new MeanChange("identity", "zeros")), "a must come first");
        assertThrows(IllegalArgumentException.class, () -> new MeanChange("x", "x"));
    }

    @Test
    void resultsSelectMethodsAndRenderThePapersTable() {
        RestorationResults results = builder().method("identity", IDENTITY).method("zeros", ZEROS).fid(x -> 2.5).build()
                .evaluate(clean);
        RestorationResults zeros = results.only(List.of("zeros"));
        assertEquals(List.of("zeros"), zeros.methods());
        assertEquals(results.score("noise", "zeros"), zeros.score("noise", "zeros"));
        assertEquals(List.of("noise", "missing-0.1"), List.copyOf(zeros.byDegradation().keySet()));
        String table = zeros.markdown(2, 2);
        String[] lines = table.split("\n");
        assertEquals("| | noise SSIM | noise FID | missing-0.1 SSIM | missing-0.1 FID |", lines[0]);
        assertEquals("|---|---|---|---|---|", lines[1]);
        assertTrue(lines[2].startsWith("| degraded | "), lines[2]);
        assertTrue(lines[3].matches("\\| zeros \\| -?\\d\\.\\d{3} \\| 2\\.50 \\| -?\\d\\.\\d{3} \\| 2\\.50 \\|"), lines[3]);
        assertEquals(2, zeros.markdown(1, 3).split("\n\n").length, "one block per degradation");
        assertThrows(IllegalArgumentException.class, () -> results.score("noise", "lmppm"));
        assertThrows(IllegalArgumentException.class, () -> results.only(List.of("dae")));
    }

    @Test
    void badSetUpsAreRefusedByName() {
        assertTrue(assertThrows(IllegalStateException.class, () -> RestorationEvaluation.builder().build()).getMessage()
                .contains("degradation"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder().method("a", IDENTITY).method("a", ZEROS))
                .getMessage().contains("a"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder().degradation("noise", new GaussianNoise(0.1)))
                .getMessage().contains("noise"));
        RestorationEvaluation e = builder().method("identity", IDENTITY).build();
        try (NDManager m = NDManager.newBaseManager()) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> e.evaluate(m.ones(new Shape(4, 12, 12))))
                    .getMessage().contains("clean"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> e.evaluate(m.ones(new Shape(4, 1, 12, 12)).mul(255)))
                    .getMessage().contains("clean"));
        }
    }
}
