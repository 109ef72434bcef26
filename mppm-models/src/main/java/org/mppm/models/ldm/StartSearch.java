package org.mppm.models.ldm;

import java.util.Arrays;

/**
 * The grid an LDM fit ({@link LdmBuilder#fit(org.mppm.models.dae.Dae, ai.djl.ndarray.NDArray)})
 * searches for its restoration's start step t0 when none is given, on the validation part of its
 * training data, and never on other data:
 * <ol>
 * <li>the validation part of the fit's {@link org.mppm.models.train.ValidationSplit} (the samples
 * whose codes the noise predictor did not train on), its first {@link #samples()} samples, is
 * degraded with the DAE's training noise ({@code x + sigma * N(0, 1)}, clamped to [0, 1] when the
 * DAE clamps its noise or the samples are images; {@link org.mppm.models.train.HeldOutSamples});</li>
 * <li>every candidate t0 ({@link #candidates}: the grid clipped to T) restores the degraded samples
 * with {@link LdmRestorer} ({@code G(chain_{t0 -> 0}(F(x)))}, the configured restoration seed);
 * the criterion is the mean squared error to the clean samples; the lowest wins, ties to the
 * first candidate.</li>
 * </ol>
 * Work: one reverse chain of t0 steps per candidate over the samples' codes. Validated when built
 * (messages name the field); the array is copied in and out.
 *
 * @param startSteps candidate start steps t0, each {@code >= 1}, at least one
 * @param samples    at most this many validation samples are restored per candidate ({@code >= 1})
 */
public record StartSearch(int[] startSteps, int samples) {

    /** t0 in {50, 100, 150, 200, 300} (clipped to T), 300 validation samples. */
    public static StartSearch defaults() {
        return new StartSearch(new int[] {50, 100, 150, 200, 300}, 300);
    }

    public StartSearch {
        if (startSteps == null || startSteps.length == 0) {
            throw new IllegalArgumentException("startSteps must hold at least one step");
        }
        startSteps = startSteps.clone();
        if (Arrays.stream(startSteps).anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("startSteps must be >= 1, got " + Arrays.toString(startSteps));
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
    }

    /** The candidates for a chain of T steps: each grid step clipped to T, duplicates dropped, in grid order. */
    public int[] candidates(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps T must be >= 1, got " + steps);
        }
        return Arrays.stream(startSteps).map(t -> Math.min(t, steps)).distinct().toArray();
    }

    /** This grid with these candidate start steps. */
    public StartSearch withStartSteps(int... values) {
        return new StartSearch(values, samples);
    }

    /** This grid restoring at most n validation samples per candidate. */
    public StartSearch withSamples(int n) {
        return new StartSearch(startSteps, n);
    }

    @Override
    public int[] startSteps() {
        return startSteps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StartSearch s && Arrays.equals(startSteps, s.startSteps) && samples == s.samples;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(startSteps) + samples;
    }

    @Override
    public String toString() {
        return "StartSearch[startSteps=" + Arrays.toString(startSteps) + ", samples=" + samples + "]";
    }
}
