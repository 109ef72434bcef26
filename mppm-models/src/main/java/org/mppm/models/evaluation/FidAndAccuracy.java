package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;

/**
 * The Frechet distance and the class accuracy of a batch of images {@code [N, C, H, W]} together,
 * for a classifier that gives both from one pass (e.g.
 * {@code x -> FidAndAccuracy.Measured.of(fid.score(x), labels)} of a
 * {@link org.mppm.models.fid.ClassConditionalFid}); see {@link Fid} and {@link Accuracy} for each.
 */
@FunctionalInterface
public interface FidAndAccuracy {

    /** Both measures of {@code images}; images are not modified. */
    Measured of(NDArray images);

    /**
     * @param fid      the distance to the reference, {@code >= 0}
     * @param accuracy the class accuracy, in [0, 1]
     */
    record Measured(double fid, double accuracy) {

        /** The class-conditional FID of {@code scores} and their accuracy against {@code labels}. */
        public static Measured of(org.mppm.models.fid.ClassScores scores, int[] labels) {
            return new Measured(scores.fid().classConditional(), scores.accuracy(labels));
        }
    }
}
