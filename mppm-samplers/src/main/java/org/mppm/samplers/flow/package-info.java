/**
 * The one stepping engine and the projection flows on it.
 *
 * <ul>
 *   <li>{@link org.mppm.samplers.flow.StepLoop}: the loop every iterative method runs on (scoping,
 *       checked state, per-sample stopping and seeds, observers, trajectory); a method is a
 *       {@link org.mppm.samplers.flow.Stepper} plus its schedule, never a loop of its own;</li>
 *   <li>{@link org.mppm.samplers.flow.IterativeFlow}: {@code x_{n+1} = x_n + m_n sum_k term_k(x_n)}
 *       over {@link org.mppm.samplers.flow.FlowTerm}s (Eq. 11, Eq. 12, Algorithm 2's latent steps),
 *       stopped per sample by a {@link org.mppm.samplers.flow.StoppingRule};</li>
 *   <li>{@link org.mppm.samplers.flow.FlowObserver}: progress, recording or early inspection, outside
 *       the step rules.</li>
 * </ul>
 */
package org.mppm.samplers.flow;
