package org.mppm.core.image.degrade;

import java.util.List;

/** The degradation levels of the MPPM paper's tables, in table order. */
public final class PaperDegradations {
    private PaperDegradations() {}

    /**
     * Table 1 (MNIST): noise 0.5, 0.7; elastic sigma 2.3, 1.8 (alpha 34); downsampling 0.5, 0.35.
     */
    public static List<Degradation> mnistTable1() {
        return List.of(new GaussianNoise(0.5), new GaussianNoise(0.7),
                ElasticDeformation.ofSigma(2.3), ElasticDeformation.ofSigma(1.8),
                new Downsampling(0.5), new Downsampling(0.35));
    }

    /**
     * Table 2 (SCUT-FBP5500): noise 0.2, 0.25, 0.3; missing pixels 0.04, 0.08, 0.1; scribbles 6, 13,
     * 20; over-sharpening 8, 10, 18.
     */
    public static List<Degradation> facesTable2() {
        return List.of(new GaussianNoise(0.2), new GaussianNoise(0.25), new GaussianNoise(0.3),
                MissingPixels.ofFraction(0.04), MissingPixels.ofFraction(0.08), MissingPixels.ofFraction(0.1),
                Scribbles.ofCount(6), Scribbles.ofCount(13), Scribbles.ofCount(20),
                OverSharpening.ofAmount(8), OverSharpening.ofAmount(10), OverSharpening.ofAmount(18));
    }

    /**
     * Table 5 (Appendix B.2), mild then severe: noise 0.2 / 0.3, elastic sigma 1.5 / 1.1,
     * downsampling 0.5 / 0.35, missing pixels 0.04 / 0.1, scribbles 13 / 20, over-sharpening 10 / 18.
     */
    public static List<Degradation> table5() {
        return List.of(new GaussianNoise(0.2), new GaussianNoise(0.3),
                ElasticDeformation.ofSigma(1.5), ElasticDeformation.ofSigma(1.1),
                new Downsampling(0.5), new Downsampling(0.35),
                MissingPixels.ofFraction(0.04), MissingPixels.ofFraction(0.1),
                Scribbles.ofCount(13), Scribbles.ofCount(20),
                OverSharpening.ofAmount(10), OverSharpening.ofAmount(18));
    }
}
