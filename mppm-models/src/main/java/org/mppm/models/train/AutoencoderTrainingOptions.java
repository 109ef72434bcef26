package org.mppm.models.train;

/**
 * The training options of a model with an autoencoder of its own (MPPM, LMPPM, DAE): besides
 * {@link TrainingOptions}, the autoencoder's widths and the training noise.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class AutoencoderTrainingOptions<B extends AutoencoderTrainingOptions<B>> extends TrainingOptions<B> {
    protected int[] encoderSizes;
    protected double trainingNoise;

    protected AutoencoderTrainingOptions(int[] encoderSizes, double trainingNoise, int epochs, int batchSize,
            int patience) {
        super(epochs, batchSize, patience);
        this.encoderSizes = encoderSizes.clone();
        this.trainingNoise = trainingNoise;
    }

    /** The encoder's widths, input first, latent last; the decoder mirrors them. */
    public B encoder(int... sizes) {
        this.encoderSizes = sizes.clone();
        return self();
    }

    /** sigma of the Gaussian noise added to clean training samples, {@code > 0}. */
    public B trainingNoise(double sigma) {
        this.trainingNoise = sigma;
        return self();
    }
}
