package org.mppm.models.ldm;

/**
 * How a trained {@link LatentDiffusion} restores by default ({@link LdmRestorer}): the step t0 the
 * degraded sample's code is taken to be at, and the seed of the reverse chain's noise. Saved with
 * the model, so a loaded model restores as the saved one did; {@link LatentDiffusion#restoration}
 * starts from these settings for overrides.
 *
 * @param startStep t0, {@code 1 <= t0 <= T} (checked against T by {@link LdmConfig}); null only in
 *                  a configuration to fit, where the fit chooses it ({@link StartSearch}); a fitted
 *                  or loaded model's configuration always holds it
 * @param seed      the seed of the chain's noise
 */
public record LdmRestoration(Integer startStep, long seed) {
    /** The default seed of the chain's noise (LdmRestorer's). */
    public static final long DEFAULT_SEED = 7;

    public LdmRestoration {
        if (startStep != null && startStep < 1) {
            throw new IllegalArgumentException("restoration startStep must be >= 1, got " + startStep);
        }
    }

    /** The defaults for a chain of T steps: t0 = min({@value LdmRestorer#DEFAULT_START_STEP}, T), seed 7. */
    public static LdmRestoration defaults(int steps) {
        return new LdmRestoration(defaultStart(steps), DEFAULT_SEED);
    }

    /** The default start for a chain of T steps: min({@value LdmRestorer#DEFAULT_START_STEP}, T). */
    public static int defaultStart(int steps) {
        return Math.min(LdmRestorer.DEFAULT_START_STEP, steps);
    }

    /** These settings with the start step t0. */
    public LdmRestoration withStartStep(int t0) {
        return new LdmRestoration(t0, seed);
    }
}
