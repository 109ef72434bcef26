/**
 * FID on MNIST as the MPPM paper computes it: a small CNN classifier
 * ({@link org.mppm.models.fid.MnistClassifier}) trained on the embedded training split provides
 * penultimate-layer features; {@link org.mppm.models.fid.ClassConditionalFid} compares each
 * predicted class of restored digits with that class's clean features and averages the class FIDs
 * weighted by count, plus one overall FID. These are classifier-feature FIDs, not Inception FIDs.
 *
 * <p>For colour images (the faces experiment), {@link org.mppm.models.fid.FeatureFid} computes the
 * Frechet distance in the features of any {@link org.mppm.models.fid.FeatureExtractor}; the one used
 * is {@link org.mppm.models.fid.RandomConvFeatures}, a seeded random multi-scale convolutional
 * network (random-embedding FID), independent of the data and of the compared methods.
 */
package org.mppm.models.fid;
