package org.mppm.models.ldm;

import java.util.Arrays;
import org.mppm.core.Checks;
import org.mppm.models.train.TrainingSchedule;

/**
 * Everything that defines a latent diffusion model (the papers' LDM baseline): a DDPM with linear
 * betas over {@code steps} = T, in a d-dimensional latent space, with a {@link NoisePredictor}.
 *
 * @param latentDimension d, the width of the codes it was trained on
 * @param steps           T (the paper: 2000)
 * @param betaStart       beta_1 (1e-4)
 * @param betaEnd         beta_T (0.02)
 * @param timeEmbedding   width of the time embedding (128)
 * @param hidden          hidden widths of the noise predictor (256, 512, 256)
 * @param learningRate    Adam learning rate (Table 10: 1e-3)
 * @param weightDecay     L2 weight decay (0)
 * @param schedule        epochs, batch, patience, validation split, seed
 * @param restoration     start step and seed of {@link LatentDiffusion#restorer} ({@link
 *                        LdmRestoration#defaults}, also when a saved configuration has none: what
 *                        {@code restorer} gave before these settings were saved); a null start step
 *                        (in a configuration to fit) is chosen by {@code startSearch} at fit, or is
 *                        min(200, T) when there is no search
 * @param startSearch     how {@code fit} chooses the start step when the restoration has none
 *                        ({@link StartSearch}: on the fit's validation split, never other data); null:
 *                        no search (also when a saved configuration has none)
 */
public record LdmConfig(int latentDimension, int steps, double betaStart, double betaEnd, int timeEmbedding, int[] hidden,
        double learningRate, double weightDecay, TrainingSchedule schedule, LdmRestoration restoration,
        StartSearch startSearch) {

    public LdmConfig {
        Checks.requireAtLeast("latentDimension", latentDimension, 1);
        Checks.requireAtLeast("steps", steps, 1);
        if (!(betaStart > 0 && betaStart <= betaEnd && betaEnd < 1)) {
            throw new IllegalArgumentException("betas must satisfy 0 < betaStart <= betaEnd < 1, got betaStart " + betaStart
                    + ", betaEnd " + betaEnd);
        }
        Checks.requireAtLeast("timeEmbedding", timeEmbedding, 1);
        if (hidden == null || hidden.length < 1 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden widths must be at least one positive size, got "
                    + (hidden == null ? null : Arrays.toString(hidden)));
        }
        hidden = hidden.clone();
        Checks.requirePositive("learningRate", learningRate);
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("a training schedule is required");
        }
        restoration = restoration == null ? LdmRestoration.defaults(steps) : restoration;
        if (restoration.startStep() == null && startSearch == null) {
            restoration = restoration.withStartStep(LdmRestoration.defaultStart(steps));
        }
        if (restoration.startStep() != null && restoration.startStep() > steps) {
            throw new IllegalArgumentException("restoration startStep must be <= steps = " + steps + ", got "
                    + restoration.startStep());
        }
        if (restoration.startStep() == null && !schedule.validates()) {
            throw new IllegalArgumentException("the start search chooses the restoration's startStep on the validation"
                    + " split, but validationFraction is 0: set validationFraction > 0, or give startStep, or turn the"
                    + " search off (startSearch(null))");
        }
    }

    /** This configuration with these restoration settings (as {@code fit} stores the start step it chose). */
    public LdmConfig withRestoration(LdmRestoration settings) {
        return new LdmConfig(latentDimension, steps, betaStart, betaEnd, timeEmbedding, hidden, learningRate, weightDecay,
                schedule, java.util.Objects.requireNonNull(settings, "restoration"), startSearch);
    }

    /** Whether {@code fit} chooses the start step on its validation split ({@link StartSearch}). */
    public boolean searchesStart() {
        return restoration.startStep() == null;
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** The DDPM schedule: linear betas from betaStart to betaEnd over T steps. */
    public DdpmSchedule ddpm() {
        return DdpmSchedule.linear(betaStart, betaEnd, steps);
    }

    /** A new, uninitialised noise predictor of this architecture. */
    public NoisePredictor predictor() {
        return new NoisePredictor(latentDimension, timeEmbedding, hidden);
    }
}
