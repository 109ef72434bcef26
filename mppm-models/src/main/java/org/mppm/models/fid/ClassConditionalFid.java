package org.mppm.models.fid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.mppm.core.stats.FrechetDistance;
import org.mppm.core.stats.GaussianMoments;
import org.mppm.models.data.LabelledImages;

/**
 * FID as the MPPM paper computes it on MNIST: every digit is classified by the
 * {@link MnistClassifier}; its embedding (penultimate features) joins the digits of its predicted
 * class, whose Gaussian is compared (Frechet distance) with the Gaussian of the clean embeddings of
 * that class (true labels). Per-class FIDs are averaged weighted by their counts. One overall FID
 * (all digits against all clean digits, no classification) is reported too.
 *
 * <p>The clean statistics are computed once at construction. The classifier is borrowed, not
 * closed.
 */
public final class ClassConditionalFid {
    private static final int CLASSES = 10;

    private final MnistClassifier classifier;
    private final GaussianMoments[] reference = new GaussianMoments[CLASSES];
    private final int[] referenceCounts = new int[CLASSES];
    private final GaussianMoments overallReference;
    private final int referenceCount;

    /** Clean statistics from labelled clean digits (at least 2 per class). */
    public ClassConditionalFid(MnistClassifier classifier, LabelledImages clean) {
        this.classifier = classifier;
        double[][] e = embeddings(clean);
        this.referenceCount = clean.count();
        this.overallReference = GaussianMoments.of(e);
        for (int k = 0; k < CLASSES; k++) {
            double[][] rows = rowsOf(e, clean.labels(), k);
            if (rows.length < 2) {
                throw new IllegalArgumentException("clean reference needs at least 2 digits of class " + k + "; has "
                        + rows.length);
            }
            reference[k] = GaussianMoments.of(rows);
            referenceCounts[k] = rows.length;
        }
    }

    /** Evaluates digits {@code [N, 1, 28, 28]} in [0, 1], N >= 2. */
    public FidResult evaluate(NDArray digits) {
        return score(digits).fid();
    }

    /** The FID of digits {@code [N, 1, 28, 28]} in [0, 1] (N >= 2) and their predicted classes, from one classifier pass. */
    public ClassScores score(NDArray digits) {
        long n = digits.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("FID needs at least 2 digits; got shape " + digits.getShape());
        }
        int[] predicted;
        double[][] e;
        try (NDList pass = classifier.embedAndLogits(digits)) {
            e = GaussianMoments.hostRows(pass.get(0));
            predicted = MnistClassifier.classes(pass.get(1));
        }
        List<ClassFid> perClass = new ArrayList<>();
        double weighted = 0;
        int weight = 0;
        for (int k = 0; k < CLASSES; k++) {
            double[][] rows = rowsOf(e, predicted, k);
            double fid = Double.NaN;
            if (rows.length >= 2) {
                fid = FrechetDistance.between(GaussianMoments.of(rows), reference[k]);
                weighted += rows.length * fid;
                weight += rows.length;
            }
            perClass.add(new ClassFid(k, rows.length, referenceCounts[k], fid));
        }
        double overall = FrechetDistance.between(GaussianMoments.of(e), overallReference);
        return new ClassScores(new FidResult(classifier.name(), (int) n, referenceCount,
                weight == 0 ? Double.NaN : weighted / weight, overall, List.copyOf(perClass)), predicted);
    }

    private double[][] embeddings(LabelledImages clean) {
        try (NDManager m = NDManager.newBaseManager()) {
            return GaussianMoments.hostRows(classifier.embed(clean.images(m)));
        }
    }

    private static double[][] rowsOf(double[][] e, int[] labels, int k) {
        return java.util.stream.IntStream.range(0, e.length).filter(i -> labels[i] == k).mapToObj(i -> e[i])
                .toArray(double[][]::new);
    }
}
