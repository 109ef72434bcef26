/**
 * The papers' degradations (MPPM paper, Appendix B.2, Table 5), one record per kind, all
 * {@link org.mppm.core.image.degrade.Degradation}s: Gaussian noise (sigma), elastic deformation
 * (alpha, sigma; torchvision semantics), downsampling (factor), missing pixels (fraction), scribbles
 * (count), over-sharpening (amount). Seeded on the host with {@code SplittableRandom}; shape and
 * range preserved; severity monotone in the parameter.
 */
package org.mppm.core.image.degrade;
