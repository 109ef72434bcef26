package org.mppm.models.train;

/**
 * The training options of a model with an autoencoder of its own trained on noisy samples (MPPM,
 * LMPPM, DAE): besides {@link TrainingOptions}, the training noise. Each builder chooses its
 * autoencoder with its own {@code encoder(...)} / {@code autoencoder(...)}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class AutoencoderTrainingOptions<B extends AutoencoderTrainingOptions<B>> extends TrainingOptions<B> {
    protected double trainingNoise;

    protected AutoencoderTrainingOptions(double trainingNoise, int epochs, int batchSize, int patience) {
        super(epochs, batchSize, patience);
        this.trainingNoise = trainingNoise;
    }

    /** sigma of the Gaussian noise added to clean training samples, {@code > 0}. */
    public B trainingNoise(double sigma) {
        this.trainingNoise = sigma;
        return self();
    }
}
