/**
 * Latent MPPM (Section 4.2): autoencoder F/G and latent distance D_S trained jointly with Eq. 14
 * ({@link org.mppm.models.lmppm.Eq14Loss} and its variants), the training codes S, and the trained
 * {@link org.mppm.models.lmppm.Lmppm} model (configure, fit, save, load) whose restorer is
 * Algorithm 2.
 */
package org.mppm.models.lmppm;
