/**
 * The one training loop every model uses ({@link org.mppm.models.train.Fitter}): seeded shuffling
 * and noise, Adam parameter groups, a validation split with early stopping, per-term loss reports
 * ({@link org.mppm.models.train.EpochReport}) to a {@link org.mppm.models.train.TrainingListener};
 * the common training options of the model builders ({@link org.mppm.models.train.TrainingOptions}, and
 * {@link org.mppm.models.train.AutoencoderTrainingOptions} for models trained on noisy samples).
 */
package org.mppm.models.train;
