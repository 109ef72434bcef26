package org.mppm.samplers.edm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.Denoiser;
import org.mppm.core.NoiseSchedule;
import org.mppm.core.SampleSeeds;
import org.mppm.core.SeededNoise;
import org.mppm.samplers.flow.FlowObserver;
import org.mppm.samplers.flow.StepLoop;
import org.mppm.samplers.flow.Stepper;

/**
 * EDM sampling (Karras et al. 2022, Algorithms 1-2) over a {@link NoiseSchedule}
 * {@code sigma_0 > ... > sigma_{N-1} > sigma_N = 0}: for i = 0..N-1, optional {@link Churn}
 * ({@code x_hat = x_i + sqrt(sigma_hat^2 - sigma_i^2) S_noise eps}), then one {@link StepRule}
 * from {@code sigma_hat} to {@code sigma_{i+1}} (Euler, Heun or MAD's extended-score step).
 *
 * <p>States are {@code [B, ...]}; the sampler starts from the given {@code x_0} (for generation,
 * {@code sigma_0 * N(0, I)}: {@link #initialNoise}, or {@link EdmGenerator} for the whole
 * {@link org.mppm.core.Sampler}). Deterministic by seed, per sample: row b of x is a sample of a
 * job ({@link SampleSeeds}, by default sample b of the stream {@link #seed()}), and its churn noise
 * at step k (1-based) is drawn from {@code of(of(seed, firstSample + b), k)}, so a sample's result
 * does not depend on the rows beside it. The
 * sampler is an immutable function of (denoiser, x, schedule, observer), a step rule on the
 * {@link StepLoop}: it never reads the state back to the host, and each step's temporaries live in
 * a sub-manager closed at the end of the step. The result belongs to the manager of {@code x};
 * {@code x} itself is left as it is. The observer sees {@code onStep(i + 1, x_{i+1}, B)} after
 * every step.
 *
 * @param rule  the step rule
 * @param churn the stochastic churn, {@link Churn#none()} for a deterministic ODE sampler
 * @param seed  the seed of the churn noise when no {@link SampleSeeds} are given
 */
public record EdmSampler(StepRule rule, Churn churn, long seed) {

    public EdmSampler {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(churn, "churn");
    }

    /** The deterministic Euler sampler. */
    public static EdmSampler euler() {
        return builder().build();
    }

    /** The deterministic Heun sampler (EDM's default). */
    public static EdmSampler heun() {
        return builder().rule(HeunStep.instance()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code sigma_0 * N(0, I)} of the given shape, seeded, owned by {@code manager}. */
    public static NDArray initialNoise(NDManager manager, Shape shape, DataType type, NoiseSchedule schedule,
            long seed) {
        double sigma0 = schedule.sigmas()[0];
        NDArray z = SeededNoise.normal(manager, shape, type, seed);
        return z.muli(sigma0);
    }

    /**
     * {@code sigma_0 * N(0, I)} {@code [count, sampleShape...]} for the rows of {@code seeds}, row b
     * drawn from {@code of(of(seed, firstSample + b), 0)} (stream 0; the steps use 1..N), owned by
     * {@code manager}.
     */
    public static NDArray initialNoise(NDManager manager, NoiseSchedule schedule, SampleSeeds seeds, Shape sampleShape,
            DataType type) {
        double sigma0 = schedule.sigmas()[0];
        return seeds.normal(manager, sampleShape, type, 0).muli(sigma0);
    }

    /** Samples without an observer; see {@link #sample(Denoiser, NDArray, NoiseSchedule, FlowObserver)}. */
    public NDArray sample(Denoiser denoiser, NDArray x, NoiseSchedule schedule) {
        return sample(denoiser, x, schedule, (step, state, active) -> { });
    }

    /**
     * Runs the N steps of the schedule from {@code x} {@code [B, ...]} (finite) at level
     * {@code sigma_0}, row b being sample b of the stream {@link #seed()}; returns {@code x_N}
     * {@code [B, ...]} in x's manager.
     */
    public NDArray sample(Denoiser denoiser, NDArray x, NoiseSchedule schedule, FlowObserver observer) {
        Checks.requireBatch("x", x);
        return sample(denoiser, x, schedule, SampleSeeds.of(seed, 0, x), observer);
    }

    /**
     * Runs the N steps of the schedule from {@code x} {@code [B, ...]} (finite) at level
     * {@code sigma_0}, row b being sample {@code seeds.firstSample() + b} of the job
     * {@code seeds.seed()} (this sampler's own {@link #seed()} is not used); returns {@code x_N}
     * {@code [B, ...]} in x's manager.
     */
    public NDArray sample(Denoiser denoiser, NDArray x, NoiseSchedule schedule, SampleSeeds seeds, FlowObserver observer) {
        Objects.requireNonNull(denoiser, "denoiser");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(seeds, "seeds");
        Checks.requireBatch("x", x);
        Checks.requireData("x", x);
        double[] sigmas = validLevels(schedule.sigmas());
        int n = sigmas.length - 1;
        Stepper step = Stepper.of((context, state) -> {
            int i = context.index() - 1;
            double sigma = sigmas[i];
            double gamma = churn.gamma(sigma, n);
            NDArray current = state;
            if (gamma > 0) {
                double sigmaHat = sigma * (1 + gamma);
                NDArray eps = context.normal(state);
                current = state.add(eps.muli(Math.sqrt(sigmaHat * sigmaHat - sigma * sigma) * churn.sNoise()));
                sigma = sigmaHat;
            }
            return rule.step(denoiser, current, sigma, sigmas[i + 1]);
        });
        return StepLoop.fixedSteps(n).withObserver(observer).run(x, seeds, step).result();
    }

    private static double[] validLevels(double[] sigmas) {
        if (sigmas.length < 2) {
            throw new IllegalArgumentException("schedule must have at least 2 levels, got " + sigmas.length);
        }
        for (int i = 0; i < sigmas.length - 1; i++) {
            Checks.requirePositive("sigma_" + i, sigmas[i]);
            if (!(sigmas[i + 1] < sigmas[i])) {
                throw new IllegalArgumentException("schedule must decrease, but sigma_" + (i + 1) + " = "
                        + sigmas[i + 1] + " >= sigma_" + i + " = " + sigmas[i]);
            }
        }
        if (!(sigmas[sigmas.length - 1] >= 0)) {
            throw new IllegalArgumentException("the last level must be >= 0, got " + sigmas[sigmas.length - 1]);
        }
        return sigmas;
    }

    /** Fluent configuration; defaults: Euler, no churn, seed 0. */
    public static final class Builder {
        private StepRule rule = EulerStep.instance();
        private Churn churn = Churn.none();
        private long seed;

        private Builder() {}

        public Builder rule(StepRule rule) {
            this.rule = rule;
            return this;
        }

        public Builder churn(Churn churn) {
            this.churn = churn;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public EdmSampler build() {
            return new EdmSampler(rule, churn, seed);
        }
    }
}
