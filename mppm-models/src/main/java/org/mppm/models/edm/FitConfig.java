package org.mppm.models.edm;

import org.mppm.core.Checks;
import org.mppm.core.edm.EdmNoiseDistribution;

/**
 * How an {@link EdmDenoiser} is trained: {@code iterations} Adam steps on minibatches of
 * {@code batchSize} samples drawn with replacement, the EDM loss
 * {@code mean_b lambda(s_b) |D(y_b + s_b n_b; s_b) - y_b|^2} with {@code s_b} from {@code noise}.
 * With {@code emaDecay > 0} the trained denoiser keeps the exponential moving average of the
 * parameters over the steps, {@code theta_ema <- d theta_ema + (1 - d) theta} (EDM's EMA; 0 keeps
 * the last iterate). The average starts at the initial parameters, which keep the weight
 * {@code d^iterations}: keep {@code 1 / (1 - d)} well below the number of iterations (with 1,500
 * iterations, 0.999 leaves 22% of the untrained network in the average; 0.99 leaves none). The
 * learning rate decays from {@code learningRate} to {@code finalLearningRate} along a half cosine,
 * {@code lr_t = lr_final + (lr - lr_final) (1 + cos(pi t / iterations)) / 2}; equal values (the
 * default) keep it fixed. Build with {@link #builder()}; validated at {@link Builder#build()}.
 */
public record FitConfig(int iterations, int batchSize, double learningRate, EdmNoiseDistribution noise, long seed,
        double emaDecay, double finalLearningRate) {

    public FitConfig {
        Checks.requireAtLeast("iterations", iterations, 1);
        Checks.requireAtLeast("batchSize", batchSize, 1);
        Checks.requirePositive("learningRate", learningRate);
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("emaDecay must be in [0, 1), got " + emaDecay);
        }
        if (!(finalLearningRate >= 0 && finalLearningRate <= learningRate)) {
            throw new IllegalArgumentException("finalLearningRate must be in [0, learningRate = " + learningRate
                    + "], got " + finalLearningRate);
        }
        if (noise == null) {
            throw new IllegalArgumentException("noise distribution must be given");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the learning rate decays ({@code finalLearningRate < learningRate}). */
    public boolean decays() {
        return finalLearningRate < learningRate;
    }

    /** Defaults: 2000 iterations, batch 256, fixed learning rate 1e-3, EDM's noise levels, seed 0, no EMA. */
    public static final class Builder {
        private int iterations = 2000;
        private int batchSize = 256;
        private double learningRate = 1e-3;
        private EdmNoiseDistribution noise = EdmNoiseDistribution.standard();
        private long seed;
        private double emaDecay;
        private double finalLearningRate = Double.NaN;

        private Builder() {}

        public Builder iterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder noise(EdmNoiseDistribution noise) {
            this.noise = noise;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The EMA decay per step, in [0, 1); 0 (the default) keeps the last iterate. */
        public Builder emaDecay(double emaDecay) {
            this.emaDecay = emaDecay;
            return this;
        }

        /** Cosine decay of the learning rate down to this value at the last step; unset: no decay. */
        public Builder finalLearningRate(double finalLearningRate) {
            this.finalLearningRate = finalLearningRate;
            return this;
        }

        public FitConfig build() {
            return new FitConfig(iterations, batchSize, learningRate, noise, seed, emaDecay,
                    Double.isNaN(finalLearningRate) ? learningRate : finalLearningRate);
        }
    }
}
