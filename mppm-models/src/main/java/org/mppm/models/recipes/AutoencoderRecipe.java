package org.mppm.models.recipes;

import org.mppm.models.dae.Dae;
import org.mppm.models.ldm.LdmBuilder;
import org.mppm.models.lmppm.LmppmBuilder;
import org.mppm.models.train.TrainingListener;

/**
 * A recipe whose models share one autoencoder architecture: the DAE, LMPPM and the latent
 * diffusion baseline (over the DAE's codes), each as a builder preset to the recipe, so any setting
 * can still be changed before {@code fit}.
 */
public interface AutoencoderRecipe {

    /** The recipe's name with its main sizes, for training records. */
    String describe();

    /** Training epochs of the DAE and LMPPM. */
    int epochs();

    /** Training epochs of the LDM's noise predictor. */
    int ldmEpochs();

    Dae.Builder dae(long seed, TrainingListener listener);

    LmppmBuilder lmppm(long seed, TrainingListener listener);

    LdmBuilder ldm(long seed, TrainingListener listener);
}
