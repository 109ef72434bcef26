package org.mppm.samplers.flow;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.mppm.core.Checks;
import org.mppm.core.Projection;
import org.mppm.core.Projector;

/**
 * The projection flows' step rule on the {@link StepLoop}: {@code x_{n+1} = x_n + m_n * sum_k term_k(x_n)},
 * where {@code m_n[b]} is 1 while sample b is still moving and 0 once the {@link StoppingRule}
 * stopped it ({@link StepContext#advance}).
 *
 * <p>Batched: one pass of the terms per step for the whole batch; the only host read per step is
 * one scalar (are any samples still moving?), and only when a tolerance is set. The first step runs
 * with its callees' value checks on (they check the caller's input by their own rules), later steps
 * on checked state. Immutable and thread-safe when its terms are.
 */
public final class IterativeFlow implements Projector {
    private final FlowTerm terms;
    private final StepLoop loop;
    private final int dimension;

    /**
     * @param dimension        the point dimension D the terms expect ({@code [B, D]} inputs)
     * @param terms            the increments, summed at each step
     * @param stopping         when to stop
     * @param observers        called after every step
     * @param recordTrajectory whether {@link Projection#trajectory()} is filled
     */
    public IterativeFlow(int dimension, List<FlowTerm> terms, StoppingRule stopping, List<FlowObserver> observers,
            boolean recordTrajectory) {
        this.dimension = Checks.requireAtLeast("dimension", dimension, 1);
        this.terms = FlowTerm.sum(terms);
        this.loop = StepLoop.stopping(stopping).withObservers(observers).recordingTrajectory(recordTrajectory)
                .checkingValuesInFirstStep();
    }

    public StoppingRule stopping() {
        return loop.stopping();
    }

    /** Runs the flow on {@code x} {@code [B, D]} (finite); x itself is left as it is. */
    @Override
    public Projection project(NDArray x) {
        Checks.requirePoints("x", x, dimension);
        Checks.requireData("x", x);
        StepLoop.Run run = loop.run(x, Stepper.of((step, state) -> step.advance(state, terms.increment(step.index(), state))));
        return new Projection(run.result(), run.iterations(), run.trajectory());
    }
}
