/**
 * MPPM in pixel space (Section 4.1): an autoencoder F/G and a distance network D trained jointly
 * with Eq. 13 ({@link org.mppm.models.mppm.Eq13Loss}), the trained {@link org.mppm.models.mppm.Mppm}
 * model (configure, fit, save, load) and its Algorithm 1 restorer.
 */
package org.mppm.models.mppm;
