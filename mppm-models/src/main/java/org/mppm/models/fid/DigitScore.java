package org.mppm.models.fid;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * How good a set of generated digits is (the MPPM paper's Fig. 7): the class-conditional FID
 * against clean digits ({@link ClassConditionalFid}) and how many digits a classifier assigns to each
 * class (a vanished class shows as a 0).
 *
 * @param fid            the class-conditional FID, {@link FidResult#classConditional()}
 * @param classHistogram predicted digits per class, {@code int[10]}, summing to the number of digits
 */
public record DigitScore(double fid, int[] classHistogram) {

    /** The score of digits {@code [N, 1, 28, 28]} in [0, 1]: one FID evaluation and one classification. */
    public static DigitScore of(ClassConditionalFid fid, MnistClassifier classifier, NDArray digits) {
        Objects.requireNonNull(fid, "fid");
        Objects.requireNonNull(classifier, "classifier");
        return new DigitScore(fid.evaluate(digits).classConditional(), classifier.histogram(digits));
    }
}
