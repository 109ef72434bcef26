package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;

/**
 * A Frechet distance of images to a fixed reference set, e.g.
 * {@link org.mppm.models.fid.FeatureFid#evaluate} or the class-conditional FID of
 * {@link org.mppm.models.fid.ClassConditionalFid#evaluate} ({@code x -> fid.evaluate(x).classConditional()}).
 */
@FunctionalInterface
public interface Fid {

    /** The distance of {@code images} {@code [N, C, H, W]} to the reference, {@code >= 0}; images are not modified. */
    double evaluate(NDArray images);
}
