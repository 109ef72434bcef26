package org.mppm.models.fid;

import ai.djl.ndarray.NDArray;

/**
 * An image embedding for Frechet distances ({@link FeatureFid}): images {@code [B, C, H, W]} in
 * [0, 1] to features {@code [B, F]}, deterministic (the same images give the same features).
 */
public interface FeatureExtractor {

    /** Features {@code [B, F]} of {@code images [B, C, H, W]}, owned by the images' manager. */
    NDArray features(NDArray images);

    /** F, the feature dimension. */
    int dimension();

    /** A description of the extractor for results files, e.g. its architecture and seed. */
    String name();
}
