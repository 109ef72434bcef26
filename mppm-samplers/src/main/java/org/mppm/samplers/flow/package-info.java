/**
 * The loop under every projection flow, {@code x_{n+1} = x_n + sum_k term_k(x_n)}
 * ({@link org.mppm.samplers.flow.IterativeFlow}): additive {@link org.mppm.samplers.flow.FlowTerm}s,
 * per-sample {@link org.mppm.samplers.flow.StoppingRule}s and {@link org.mppm.samplers.flow.FlowObserver}s
 * (progress, trajectories) kept apart from the terms.
 */
package org.mppm.samplers.flow;
