/**
 * FID on MNIST as the MPPM paper computes it: a small CNN classifier
 * ({@link org.mppm.models.fid.MnistClassifier}) trained on the embedded training split provides
 * penultimate-layer features; {@link org.mppm.models.fid.ClassConditionalFid} compares each
 * predicted class of restored digits with that class's clean features and averages the class FIDs
 * weighted by count, plus one overall FID. These are classifier-feature FIDs, not Inception FIDs.
 */
package org.mppm.models.fid;
