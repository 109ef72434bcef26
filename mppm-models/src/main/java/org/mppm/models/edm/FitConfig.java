package org.mppm.models.edm;

import org.mppm.core.Checks;
import org.mppm.core.edm.EdmNoiseDistribution;

/**
 * How a {@link PointDenoiser} is trained: {@code iterations} Adam steps on minibatches of
 * {@code batchSize} points drawn with replacement, the EDM loss
 * {@code mean_b lambda(s_b) |D(y_b + s_b n_b; s_b) - y_b|^2} with {@code s_b} from {@code noise}.
 * Build with {@link #builder()}; validated at {@link Builder#build()}.
 */
public record FitConfig(int iterations, int batchSize, double learningRate, EdmNoiseDistribution noise, long seed) {

    public FitConfig {
        Checks.requireAtLeast("iterations", iterations, 1);
        Checks.requireAtLeast("batchSize", batchSize, 1);
        Checks.requirePositive("learningRate", learningRate);
        if (noise == null) {
            throw new IllegalArgumentException("noise distribution must be given");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: 2000 iterations, batch 256, learning rate 1e-3, EDM's noise levels, seed 0. */
    public static final class Builder {
        private int iterations = 2000;
        private int batchSize = 256;
        private double learningRate = 1e-3;
        private EdmNoiseDistribution noise = EdmNoiseDistribution.standard();
        private long seed;

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

        public FitConfig build() {
            return new FitConfig(iterations, batchSize, learningRate, noise, seed);
        }
    }
}
