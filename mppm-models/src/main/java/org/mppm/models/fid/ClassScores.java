package org.mppm.models.fid;

import java.util.Objects;

/**
 * What one pass of the {@link MnistClassifier} over a set of digits gives a
 * {@link ClassConditionalFid}: the FID and the predicted class of every digit, so that the class
 * accuracy needs no second pass.
 *
 * @param fid       the FID of the digits
 * @param predicted the predicted class (0..9) of each digit, {@code int[N]}; not copied, do not modify
 */
public record ClassScores(FidResult fid, int[] predicted) {
    public ClassScores {
        Objects.requireNonNull(fid, "fid");
        Objects.requireNonNull(predicted, "predicted");
    }

    /** The fraction of digits predicted as their label, {@code labels[i]} for digit i, in [0, 1]. */
    public double accuracy(int[] labels) {
        return MnistClassifier.accuracy(predicted, labels);
    }
}
