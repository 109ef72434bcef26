package org.mppm.models.fid;

import ai.djl.ndarray.NDArray;
import org.mppm.core.image.ImageBatch;
import org.mppm.core.Scopes;
import org.mppm.core.stats.FrechetDistance;
import org.mppm.core.stats.GaussianMoments;

/**
 * FID in the features of a {@link FeatureExtractor}: the Frechet distance between the Gaussians
 * (mean, N - 1 covariance) of the features of a set of images and of a clean reference set,
 * {@code |mu1 - mu2|^2 + Tr(S1) + Tr(S2) - 2 Tr((S1 S2)^(1/2))} ({@link FrechetDistance}). The
 * reference moments are computed once at construction; images are embedded in chunks of
 * {@value #CHUNK} (one host copy of the features per chunk). The extractor is borrowed, not
 * closed. Like every FID, the value has a positive bias that shrinks with the sample sizes, so
 * compare values computed with the same numbers of images.
 */
public final class FeatureFid {
    /** Images embedded per engine call. */
    public static final int CHUNK = 256;

    private final FeatureExtractor extractor;
    private final GaussianMoments reference;

    /** Reference statistics of clean images {@code [N, C, H, W]} in [0, 1], N >= 2. */
    public FeatureFid(FeatureExtractor extractor, NDArray clean) {
        this.extractor = extractor;
        this.reference = moments(extractor, clean);
    }

    /** FID of images {@code [N, C, H, W]} in [0, 1] (N >= 2) against the clean reference. */
    public double evaluate(NDArray images) {
        return FrechetDistance.between(moments(extractor, images), reference);
    }

    /** The clean reference moments. */
    public GaussianMoments reference() {
        return reference;
    }

    /** The extractor's description, for results files. */
    public String extractorName() {
        return extractor.name();
    }

    /** FID between two image sets {@code [N, C, H, W]} and {@code [M, C, H, W]}. */
    public static double between(FeatureExtractor extractor, NDArray a, NDArray b) {
        return FrechetDistance.between(moments(extractor, a), moments(extractor, b));
    }

    /** Feature moments of images {@code [N, C, H, W]} in [0, 1], N >= 2. */
    public static GaussianMoments moments(FeatureExtractor extractor, NDArray images) {
        long n = ImageBatch.requireUnitRange(images, "images for FID").get(0);
        if (n < 2) {
            throw new IllegalArgumentException("FID needs at least 2 images; got shape " + images.getShape());
        }
        double[][] rows = new double[(int) n][];
        for (int start = 0; start < n; start += CHUNK) {
            int from = start;
            int to = (int) Math.min(n, start + CHUNK);
            double[][] chunk = Scopes.host(images, in -> GaussianMoments.hostRows(
                    extractor.features(in.get(from + ":" + to))));
            System.arraycopy(chunk, 0, rows, from, to - from);
        }
        return GaussianMoments.of(rows);
    }
}
