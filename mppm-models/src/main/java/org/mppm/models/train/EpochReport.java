package org.mppm.models.train;

import java.util.Map;

/**
 * What one epoch did: the mean of each weighted loss term over the training batches, the mean
 * training loss, the validation loss, and whether it was the best so far.
 */
public record EpochReport(int epoch, int epochs, Map<String, Double> terms, double trainingLoss, double validationLoss,
        boolean improved) {

    public EpochReport {
        terms = Map.copyOf(terms);
    }
}
