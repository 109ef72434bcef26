package org.mppm.models.fid;

import java.util.List;

/**
 * FID results of one set of digits.
 *
 * @param featureExtractor the network whose features were compared (not Inception)
 * @param sampleCount digits evaluated
 * @param referenceCount clean reference digits
 * @param classConditional the paper's FID: per-class FIDs averaged with weights = class counts,
 *     over classes with at least 2 digits
 * @param overall one FID of all digits against all clean digits
 * @param perClass the class FIDs, classes 0-9
 */
public record FidResult(String featureExtractor, int sampleCount, int referenceCount, double classConditional,
        double overall, List<ClassFid> perClass) {}
