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
import org.mppm.core.Sampler;
import org.mppm.samplers.flow.FlowObserver;

/**
 * EDM generation (Euler, Heun, MAD; with or without churn) as a {@link Sampler}: sample i is the
 * end {@code x_N} of the {@link EdmSampler} steps of the schedule from
 * {@code x_0 = sigma_0 eps_i}, {@code eps_i ~ N(0, I)} of the sample's own seed
 * ({@code of(of(seed, i), 0)}), its churn noise at step k from {@code of(of(seed, i), k)}. So the
 * samples are the same for every chunk size, and the first k of n are the k samples.
 *
 * <p>Output {@code [count, sampleShape...]} of {@link #dataType()}, in the caller's manager (e.g.
 * {@code [count, D]} for a point denoiser, {@code [count, C, H, W]} for an image one). Immutable and
 * thread-safe when the denoiser is.
 *
 * @param denoiser    {@code D(x; sigma)} on {@code [B, sampleShape...]}
 * @param schedule    the levels {@code sigma_0 > ... > sigma_N = 0}
 * @param sampleShape the shape of one sample, without the batch axis
 * @param dataType    the floating type of the samples (the denoiser's)
 * @param method      the step rule and churn ({@link EdmSampler#seed()} is not used: the job's seed is)
 */
public record EdmGenerator(Denoiser denoiser, NoiseSchedule schedule, Shape sampleShape, DataType dataType,
        EdmSampler method) implements Sampler {

    public EdmGenerator {
        Objects.requireNonNull(denoiser, "denoiser");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(sampleShape, "sampleShape");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(method, "method");
        if (sampleShape.dimension() < 1 || sampleShape.size() < 1) {
            throw new IllegalArgumentException("sampleShape must have at least one axis and one value, got " + sampleShape);
        }
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
            throw new IllegalArgumentException("dataType must be FLOAT32 or FLOAT64, got " + dataType);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Samples {@code firstSample, ..., firstSample + count - 1} of the stream {@code seed}: {@code [count, sampleShape...]}. */
    @Override
    public NDArray sampleRows(NDManager manager, long seed, long firstSample, int count) {
        return sampleRows(manager, seed, firstSample, count, (step, state, active) -> { });
    }

    /**
     * As {@link #sampleRows(NDManager, long, long, int)}, with {@code observer} watching the states
     * {@code [count, sampleShape...]} after every step (e.g. to draw the paths of a few samples).
     */
    public NDArray sampleRows(NDManager manager, long seed, long firstSample, int count, FlowObserver observer) {
        SampleSeeds seeds = new SampleSeeds(seed, firstSample, count);
        try (NDManager scope = manager.newSubManager()) {
            NDArray x0 = EdmSampler.initialNoise(scope, schedule, seeds, sampleShape, dataType);
            NDArray samples = method.sample(denoiser, x0, schedule, seeds, observer);
            samples.attach(manager);
            return samples;
        }
    }

    /** The starts {@code x_0 = sigma_0 eps} {@code [count, sampleShape...]} of those samples, in {@code manager}. */
    public NDArray initialNoise(NDManager manager, long seed, long firstSample, int count) {
        return EdmSampler.initialNoise(manager, schedule, new SampleSeeds(seed, firstSample, count), sampleShape, dataType);
    }

    /**
     * Configures a generator: {@link #denoiser}, {@link #schedule} and {@link #sampleShape} are
     * required; the type defaults to FLOAT32, the rule to Euler, the churn to none. Validated at
     * {@link #build()}.
     */
    public static final class Builder {
        private Denoiser denoiser;
        private NoiseSchedule schedule;
        private Shape sampleShape;
        private DataType dataType = DataType.FLOAT32;
        private StepRule rule = EulerStep.instance();
        private Churn churn = Churn.none();

        private Builder() {}

        /** The denoiser D(x; sigma) (required). */
        public Builder denoiser(Denoiser d) {
            this.denoiser = d;
            return this;
        }

        /** The noise levels (required), e.g. {@link org.mppm.core.KarrasSchedule#edm(int)}. */
        public Builder schedule(NoiseSchedule s) {
            this.schedule = s;
            return this;
        }

        /** The shape of one sample (required), e.g. {@code 2} for points of R^2, {@code 1, 28, 28} for MNIST. */
        public Builder sampleShape(long... shape) {
            this.sampleShape = new Shape(shape);
            return this;
        }

        /** FLOAT32 (default) or FLOAT64. */
        public Builder dataType(DataType type) {
            this.dataType = type;
            return this;
        }

        /** Euler (default), {@link HeunStep} or {@link MadStep}. */
        public Builder rule(StepRule r) {
            this.rule = r;
            return this;
        }

        /** EDM's stochastic churn (default none). */
        public Builder churn(Churn c) {
            this.churn = c;
            return this;
        }

        public EdmGenerator build() {
            if (denoiser == null) {
                throw new IllegalStateException("an EDM generator needs denoiser(...)");
            }
            if (schedule == null) {
                throw new IllegalStateException("an EDM generator needs schedule(...)");
            }
            if (sampleShape == null) {
                throw new IllegalStateException("an EDM generator needs sampleShape(...)");
            }
            Checks.requireAtLeast("schedule steps", schedule.steps(), 1);
            return new EdmGenerator(denoiser, schedule, sampleShape, dataType, new EdmSampler(rule, churn, 0));
        }
    }
}
