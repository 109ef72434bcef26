package org.mppm.models.fid;

/**
 * Training settings of the FID feature extractor ({@link MnistClassifier}).
 *
 * @param epochs passes over the training split
 * @param batchSize mini-batch size
 * @param learningRate Adam learning rate of the first two epochs (x0.3 per later epoch)
 * @param seed seeds the parameter initialisation (a host generator of its own) and the batch order
 *     (host {@code SplittableRandom})
 * @param embeddingSize width of the penultimate layer (the FID features)
 */
public record FidClassifierConfig(int epochs, int batchSize, double learningRate, long seed, int embeddingSize) {

    public FidClassifierConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (embeddingSize < 2) {
            throw new IllegalArgumentException("embeddingSize must be >= 2, got " + embeddingSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
    }

    /** Defaults: 4 epochs, batch 64, Adam 1e-3, seed 7, 128 features. */
    public static FidClassifierConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder; validates at {@link #build()}. */
    public static final class Builder {
        private int epochs = 4;
        private int batchSize = 64;
        private double learningRate = 1e-3;
        private long seed = 7;
        private int embeddingSize = 128;

        public Builder epochs(int epochs) {
            this.epochs = epochs;
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

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder embeddingSize(int embeddingSize) {
            this.embeddingSize = embeddingSize;
            return this;
        }

        public FidClassifierConfig build() {
            return new FidClassifierConfig(epochs, batchSize, learningRate, seed, embeddingSize);
        }
    }
}
