/**
 * Restoration evaluation, the papers' Tables 1 and 2 as a library call:
 * {@link org.mppm.models.evaluation.RestorationEvaluation} degrades clean test images with named
 * degradations, restores them with named {@link org.mppm.core.Restorer}s and scores every
 * restoration ({@link org.mppm.models.evaluation.Score}: SSIM, PSNR and a Frechet distance);
 * {@link org.mppm.models.evaluation.RestorationResults} holds the scores per degradation and method
 * and renders them as the papers' tables; a {@link org.mppm.models.evaluation.RestorationObserver}
 * sees the images on the way (figures, saved images, ablations;
 * {@link org.mppm.models.evaluation.MeanChange}: how far two methods' restorations are apart). Measures of restored or generated
 * points: {@link org.mppm.models.evaluation.PointErrors} (distances to the true manifold, by bins),
 * {@link org.mppm.models.evaluation.SampleMeasures} (memorisation against generalisation of samples)
 * and {@link org.mppm.models.evaluation.ComponentSpread} (spread along and across mixture components);
 * of a score: {@link org.mppm.models.evaluation.FlowLikelihood} (population NLL by the probability-flow ODE).
 */
package org.mppm.models.evaluation;
