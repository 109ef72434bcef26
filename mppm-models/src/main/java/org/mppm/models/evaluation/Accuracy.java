package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;

/**
 * The class accuracy of a batch of images {@code [N, C, H, W]}: the fraction a classifier assigns to
 * the label of the clean image each came from, in [0, 1]. The images are in the order of the
 * evaluation's clean images, so the i-th is compared with the i-th label (e.g.
 * {@code x -> classifier.accuracy(x, labels)} of an {@code MnistClassifier}).
 */
@FunctionalInterface
public interface Accuracy {

    /** The accuracy of {@code images} {@code [N, ...]}, in [0, 1]. */
    double of(NDArray images);
}
