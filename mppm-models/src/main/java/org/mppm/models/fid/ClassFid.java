package org.mppm.models.fid;

/**
 * FID of the restored digits classified as one class against that class's clean embeddings.
 *
 * @param label the class
 * @param count restored digits classified as this class
 * @param referenceCount clean digits of this class
 * @param fid Frechet distance (NaN when {@code count < 2}: no covariance, left out of the average)
 */
public record ClassFid(int label, int count, int referenceCount, double fid) {}
