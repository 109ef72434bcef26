/**
 * The EDM parameterisation (Karras et al. 2022) that needs no network: the preconditioning
 * {@code c_skip, c_out, c_in, c_noise} ({@link org.mppm.core.edm.EdmPreconditioning}) and the
 * log-normal training noise distribution ({@link org.mppm.core.edm.EdmNoiseDistribution}). The
 * trained denoisers are in {@code org.mppm.models.edm}, the samplers (Euler, Heun, MAD) in
 * {@code org.mppm.samplers.edm}.
 */
package org.mppm.core.edm;
