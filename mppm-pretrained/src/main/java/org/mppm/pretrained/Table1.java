package org.mppm.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import org.mppm.core.Chunking;
import org.mppm.core.Restorer;
import org.mppm.core.image.degrade.Degradation;
import org.mppm.core.image.degrade.PaperDegradations;
import org.mppm.models.data.LabelledImages;
import org.mppm.models.data.MnistData;
import org.mppm.models.evaluation.Accuracy;
import org.mppm.models.evaluation.Fid;
import org.mppm.models.evaluation.RestorationEvaluation;
import org.mppm.models.evaluation.RestorationResults;
import org.mppm.models.evaluation.Score;

/**
 * The Table 1 scores recorded for a shipped model, computed as {@code mnist-restore} does: the first
 * {@code count} of the 2,000 embedded test digits {@code [count, 1, 28, 28]}, each of the six Table 1
 * degradations ({@link PaperDegradations#mnistTable1()}, keyed by {@link Degradation#key()}) applied
 * with seed {@value #SEED}, restored by the model's default restorer in chunks of {@value #CHUNK},
 * scored by mean SSIM (Gaussian window) and mean PSNR (data range 1) against the clean digits.
 */
final class Table1 {
    /** The degradations' seed ({@code mnist-restore}'s default {@code --seed}). */
    static final long SEED = 7;
    /** Digits restored per call ({@code mnist-restore}'s chunk). */
    static final int CHUNK = 500;
    /**
     * The test digits the unit test restores and whose scores are recorded separately: the first
     * this many (LMPPM restoring all 6 x 2,000 takes minutes on 2 cores).
     */
    static final int TEST_SUBSET = 200;
    /** The method's key in the results. */
    static final String METHOD = "model";

    private Table1() {}

    /** The first {@code count} embedded test digits with their labels. */
    static LabelledImages testDigits(int count) {
        return MnistData.embedded().test().head(count);
    }

    /**
     * Degrades {@code test} {@code [N, 1, 28, 28]} in [0, 1] six ways and scores {@code restorer} on
     * each; {@code fid} and {@code accuracy} may be null (their scores are then NaN).
     */
    static RestorationResults evaluate(Restorer restorer, NDArray test, Fid fid, Accuracy accuracy) {
        RestorationEvaluation.Builder evaluation = RestorationEvaluation.builder().method(METHOD, restorer)
                .degradations(PaperDegradations.mnistTable1()).seed(SEED).chunking(Chunking.of(CHUNK));
        if (fid != null) {
            evaluation.fid(fid);
        }
        if (accuracy != null) {
            evaluation.accuracy(accuracy);
        }
        return evaluation.build().evaluate(test);
    }

    /** {@link #evaluate} on the first {@code count} embedded test digits, without FID or accuracy. */
    static RestorationResults evaluate(Restorer restorer, int count) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return evaluate(restorer, testDigits(count).images(manager), null, null);
        }
    }

    /** The scores as JSON: per degradation key, {@code degraded} and {@code restored} scores (NaN scores left out). */
    static JsonObject json(RestorationResults results) {
        JsonObject scores = new JsonObject();
        for (String degradation : results.degradations()) {
            JsonObject row = new JsonObject();
            row.add("degraded", json(results.degraded(degradation)));
            row.add("restored", json(results.score(degradation, METHOD)));
            scores.add(degradation, row);
        }
        return scores;
    }

    private static JsonObject json(Score score) {
        JsonObject o = new JsonObject();
        o.addProperty("ssim", score.ssim());
        o.addProperty("psnr", score.psnr());
        if (!Double.isNaN(score.fid())) {
            o.addProperty("fid", score.fid());
        }
        if (!Double.isNaN(score.accuracy())) {
            o.addProperty("accuracy", score.accuracy());
        }
        return o;
    }
}
