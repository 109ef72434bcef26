package org.mppm.models.train;

/**
 * The options every trainable model's fluent builder shares: network widths of the autoencoder,
 * training noise, weight decay, the schedule, the seed and a progress listener.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class TrainingOptions<B extends TrainingOptions<B>> {
    protected int[] encoderSizes;
    protected double trainingNoise;
    protected double weightDecay = 1e-4;
    protected int epochs;
    protected int batchSize;
    protected int patience;
    protected double validationFraction = 0.1;
    protected long seed = 7;
    protected TrainingListener listener = TrainingListener.NONE;

    protected TrainingOptions(int[] encoderSizes, double trainingNoise, int epochs, int batchSize, int patience) {
        this.encoderSizes = encoderSizes.clone();
        this.trainingNoise = trainingNoise;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.patience = patience;
    }

    protected abstract B self();

    /** The encoder's widths, input first, latent last; the decoder mirrors them. */
    public B encoder(int... sizes) {
        this.encoderSizes = sizes.clone();
        return self();
    }

    /** sigma of the Gaussian noise added to clean training points. */
    public B trainingNoise(double sigma) {
        this.trainingNoise = sigma;
        return self();
    }

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

    public B listener(TrainingListener l) {
        this.listener = l;
        return self();
    }

    protected TrainingSchedule schedule() {
        return new TrainingSchedule(epochs, batchSize, patience, validationFraction, seed);
    }
}
