package org.mppm.models.evaluation;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.mppm.core.Scopes;
import org.mppm.core.geometry.PointSetDistance;

/**
 * Memorisation against generalisation of generated samples (smoothing paper, latent experiment):
 * nearest-neighbour distances of samples {@code [M, d]} to the training points, to every point of
 * the class (training and held-out) and to the class's points the model never saw; a sample is
 * novel when an unseen point is nearer than every training point. Holds the three point sets' distance
 * fields; close it when done. Thread-safe.
 */
public final class SampleMeasures implements AutoCloseable {
    private final PointSetDistance toTraining;
    private final PointSetDistance toClass;
    private final PointSetDistance toUnseen;
    private final ToDoubleFunction<NDArray> agreement;

    /**
     * The measures of one set of samples.
     *
     * @param trainingDistance    mean distance to the nearest training point (small: memorised)
     * @param classDistance       mean distance to the nearest point of the class
     * @param unseenDistance      mean distance to the nearest unseen point of the class
     * @param novelFraction       fraction of samples nearer to an unseen point than to every training point
     * @param spread              mean distance of the samples to their mean (their diversity)
     * @param classifierAgreement fraction of samples a classifier assigns to the class; NaN without a classifier
     */
    public record Measures(double trainingDistance, double classDistance, double unseenDistance, double novelFraction,
            double spread, double classifierAgreement) {}

    /**
     * @param training  training points {@code [N, d]}
     * @param all       every point of the class {@code [K, d]}
     * @param unseen    the class's points outside the training set {@code [U, d]}
     * @param agreement the fraction of samples {@code [M, d]} classified as the class (e.g. decoded and
     *                  classified), or null for none
     */
    public SampleMeasures(NDArray training, NDArray all, NDArray unseen, ToDoubleFunction<NDArray> agreement) {
        PointSetDistance a = new PointSetDistance(Objects.requireNonNull(training, "training"));
        PointSetDistance b = null;
        try {
            b = new PointSetDistance(Objects.requireNonNull(all, "all"));
            this.toUnseen = new PointSetDistance(Objects.requireNonNull(unseen, "unseen"));
        } catch (RuntimeException e) {
            a.close();
            if (b != null) {
                b.close();
            }
            throw e;
        }
        this.toTraining = a;
        this.toClass = b;
        this.agreement = agreement;
    }

    /** The measures of samples {@code [M, d]}. */
    public Measures of(NDArray samples) {
        double[] training = distances(toTraining, samples);
        double[] all = distances(toClass, samples);
        double[] unseen = distances(toUnseen, samples);
        int novel = 0;
        for (int i = 0; i < training.length; i++) {
            if (unseen[i] < training[i]) {
                novel++;
            }
        }
        double agreed = agreement == null ? Double.NaN : agreement.applyAsDouble(samples);
        return new Measures(mean(training), mean(all), mean(unseen), novel / (double) training.length, spread(samples), agreed);
    }

    /** The mean distance of the rows of {@code x} {@code [M, d]} to their mean: how diverse the samples are. */
    public static double spread(NDArray x) {
        return Scopes.host(x, in -> in.sub(in.mean(new int[] {0}, true)).norm(new int[] {1}).mean().getDouble());
    }

    /**
     * The class distance that {@code reference} runs (e.g. KDE at several bandwidths) reach at the
     * training distance {@code trainingDistance}: linear interpolation along the runs ordered by
     * training distance; null outside their range. The paper's comparison: reference samples that
     * moved as far from the training points as the samples under test.
     */
    public static Double classDistanceAt(Collection<Measures> reference, double trainingDistance) {
        List<Measures> runs = reference.stream().sorted(Comparator.comparingDouble(Measures::trainingDistance)).toList();
        for (int k = 0; k + 1 < runs.size(); k++) {
            Measures a = runs.get(k);
            Measures b = runs.get(k + 1);
            if (a.trainingDistance() <= trainingDistance && trainingDistance <= b.trainingDistance()) {
                double w = (trainingDistance - a.trainingDistance()) / (b.trainingDistance() - a.trainingDistance());
                return a.classDistance() + w * (b.classDistance() - a.classDistance());
            }
        }
        return null;
    }

    /**
     * A run under test (e.g. samples of a smoothed score) beside reference runs (e.g. KDE at several
     * bandwidths) that moved as far from the training points.
     *
     * @param trainingDistance      the run's mean distance to the nearest training point
     * @param smoothedClassDistance the run's mean distance to the nearest point of the class
     * @param kdeClassDistance      the reference runs' class distance at the same training distance
     *                              ({@link #classDistanceAt}); null outside their range
     */
    public record Matched(double trainingDistance, double smoothedClassDistance, Double kdeClassDistance) {}

    /** {@code run} against {@code reference} at the run's training distance; see {@link Matched}. */
    public static Matched matched(Measures run, Collection<Measures> reference) {
        Objects.requireNonNull(run, "run");
        return new Matched(run.trainingDistance(), run.classDistance(), classDistanceAt(reference, run.trainingDistance()));
    }

    @Override
    public void close() {
        toTraining.close();
        toClass.close();
        toUnseen.close();
    }

    private static double[] distances(PointSetDistance field, NDArray x) {
        try (NDArray d = field.distance(x)) {
            return d.toDoubleArray();
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
