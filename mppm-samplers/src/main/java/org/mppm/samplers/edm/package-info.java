/**
 * EDM sampling (Karras et al. 2022, Algorithms 1-2) and MAD: {@link org.mppm.samplers.edm.EdmSampler}
 * with a {@link org.mppm.samplers.edm.StepRule} per method (Euler, Heun, and MAD's extended-score
 * rule {@link org.mppm.samplers.edm.MadStep}) and optional stochastic {@link org.mppm.samplers.edm.Churn},
 * on the {@link org.mppm.samplers.flow.StepLoop}.
 */
package org.mppm.samplers.edm;
