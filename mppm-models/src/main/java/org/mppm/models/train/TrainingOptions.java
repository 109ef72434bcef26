package org.mppm.models.train;

/**
 * The options every trainable model's fluent builder shares: weight decay, the schedule, the seed
 * and a progress listener. Builders of models with an autoencoder of their own extend
 * {@link AutoencoderTrainingOptions}. All optional; validated when the configuration is built.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class TrainingOptions<B extends TrainingOptions<B>> {
    protected double weightDecay = 1e-4;
    protected int epochs;
    protected int batchSize;
    protected int patience;
    protected double validationFraction = 0.1;
    protected long seed = 7;
    protected int microBatches = 1;
    protected TrainingListener listener = TrainingListener.NONE;

    protected TrainingOptions(int epochs, int batchSize, int patience) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.patience = patience;
    }

    protected abstract B self();

    public B weightDecay(double decay) {
        this.weightDecay = decay;
        return self();
    }

    public B epochs(int n) {
        this.epochs = n;
        return self();
    }

    public B batchSize(int n) {
        this.batchSize = n;
        return self();
    }

    /** Epochs without a better validation loss before training stops. */
    public B patience(int n) {
        this.patience = n;
        return self();
    }

    public B validationFraction(double fraction) {
        this.validationFraction = fraction;
        return self();
    }

    public B seed(long s) {
        this.seed = s;
        return self();
    }

    /**
     * Takes each batch's gradient over {@code parts} micro-batches ({@link TrainingSchedule#microBatches}),
     * which run at once on the free processors where the objective allows; 1 (the default) keeps
     * batches whole. Part of the configuration: other bits than 1, the same for any thread count.
     */
    public B microBatches(int parts) {
        this.microBatches = parts;
        return self();
    }

    public B listener(TrainingListener l) {
        this.listener = l;
        return self();
    }

    protected TrainingSchedule schedule() {
        return new TrainingSchedule(epochs, batchSize, patience, validationFraction, seed, microBatches);
    }
}
