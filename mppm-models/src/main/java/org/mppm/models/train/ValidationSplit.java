package org.mppm.models.train;

import java.util.Random;

/**
 * The split of N training samples into the part a fit trains on and the part it holds out for
 * validation ({@link Fitter}: early stopping; an LMPPM fit also chooses its restoration settings
 * there): the first {@code max(1, round(N f))} indices (none when {@code f = 0}) of a permutation of {@code 0..N-1} seeded
 * with the schedule's seed are the validation part, the rest the training part, each in
 * permutation order. A fixed seed gives a fixed split.
 *
 * @param training   indices into the N samples that the fit trains on
 * @param validation indices held out, disjoint from {@code training}; together all N
 */
public record ValidationSplit(long[] training, long[] validation) {

    public ValidationSplit {
        training = training.clone();
        validation = validation.clone();
    }

    /** The split a fit with {@code schedule} makes of {@code n} samples ({@code n >= 2}, or {@code >= 1} without validation). */
    public static ValidationSplit of(long n, TrainingSchedule schedule) {
        long held = schedule.validates() ? Math.max(1, Math.round(n * schedule.validationFraction())) : 0;
        if (n - held < 1) {
            throw new IllegalArgumentException("need at least " + (held + 1) + " samples to train"
                    + (held > 0 ? " with a validation split" : "") + ", got " + n);
        }
        int[] order = Fitter.permutation(Math.toIntExact(n), new Random(schedule.seed()));
        long[] validIdx = new long[(int) held];
        long[] trainIdx = new long[(int) (n - held)];
        for (int i = 0; i < n; i++) {
            if (i < held) {
                validIdx[i] = order[i];
            } else {
                trainIdx[(int) (i - held)] = order[i];
            }
        }
        return new ValidationSplit(trainIdx, validIdx);
    }

    @Override
    public long[] training() {
        return training.clone();
    }

    @Override
    public long[] validation() {
        return validation.clone();
    }
}
