package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.mppm.models.dae.Dae;
import org.mppm.models.train.HeldOutSamples;
import org.mppm.models.train.ValidationSplit;

/**
 * The procedure {@link StartSearch} documents: an LDM fit's choice of its restoration's start step
 * t0 on its validation split, by the validation samples' mean squared error.
 */
final class StartSelection {
    private StartSelection() {}

    /**
     * The choice and what it was chosen from.
     *
     * @param startStep  the chosen t0, one of the candidates
     * @param candidates the candidates, in grid order
     * @param errors     the validation MSE of each candidate
     * @param samples    the number of validation samples restored per candidate
     */
    record Choice(int startStep, int[] candidates, double[] errors, int samples) {}

    /**
     * @param ldm    the fitted model (its start step is not read)
     * @param dae    the DAE whose codes it learnt
     * @param clean  the N clean samples {@code [N, ...]} the fit encoded, in that order
     * @param split  the fit's split of the N samples
     * @param config the fit's configuration, with a {@link StartSearch}
     */
    static Choice choose(LatentDiffusion ldm, Dae dae, NDArray clean, ValidationSplit split, LdmConfig config) {
        StartSearch search = config.startSearch();
        int[] candidates = search.candidates(config.steps());
        boolean clamp = dae.config().clampNoisy() || dae.autoencoder().sampleShape().dimension() == 3;
        try (NDManager scope = clean.getManager().newSubManager()) {
            HeldOutSamples held = HeldOutSamples.of(clean, split, search.samples(), dae.config().trainingNoise(), clamp,
                    config.schedule().seed(), scope);
            double[] errors = new double[candidates.length];
            int best = -1;
            for (int i = 0; i < candidates.length; i++) {
                LdmRestorer restorer = LdmRestorer.builder().diffusion(ldm).dae(dae).startStep(candidates[i])
                        .seed(config.restoration().seed()).build();
                errors[i] = held.error(restorer.restore(held.degraded()));
                if (errors[i] < (best < 0 ? Double.POSITIVE_INFINITY : errors[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                throw new IllegalStateException("no start step of the search gave a finite validation error: "
                        + java.util.Arrays.toString(errors));
            }
            return new Choice(candidates[best], candidates, errors, held.count());
        }
    }
}
