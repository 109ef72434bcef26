package org.mppm.models.ldm;

/**
 * How a trained {@link LatentDiffusion} restores by default ({@link LdmRestorer}): the step t0 the
 * degraded sample's code is taken to be at, and the seed of the reverse chain's noise. Saved with
 * the model, so a loaded model restores as the saved one did; {@link LatentDiffusion#restoration}
 * starts from these settings for overrides.
 *
 * @param startStep t0, {@code 1 <= t0 <= T} (checked against T by {@link LdmConfig})
 * @param seed      the seed of the chain's noise
 */
public record LdmRestoration(int startStep, long seed) {
    /** The default seed of the chain's noise (LdmRestorer's). */
    public static final long DEFAULT_SEED = 7;

    public LdmRestoration {
        if (startStep < 1) {
            throw new IllegalArgumentException("restoration startStep must be >= 1, got " + startStep);
        }
    }

    /** The defaults for a chain of T steps: t0 = min({@value LdmRestorer#DEFAULT_START_STEP}, T), seed 7. */
    public static LdmRestoration defaults(int steps) {
        return new LdmRestoration(Math.min(LdmRestorer.DEFAULT_START_STEP, steps), DEFAULT_SEED);
    }
}
