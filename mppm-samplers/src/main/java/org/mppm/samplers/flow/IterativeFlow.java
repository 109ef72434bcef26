package org.mppm.samplers.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;
import org.mppm.core.Checks;
import org.mppm.core.Projection;
import org.mppm.core.Projector;

/**
 * The loop every projection flow shares: {@code x_{n+1} = x_n + m_n * sum_k term_k(x_n)}, where
 * {@code m_n[b]} is 1 while sample b is still moving and 0 once the {@link StoppingRule} stopped it.
 *
 * <p>Batched: one pass of the terms per step for the whole batch; the only host read per step is
 * one scalar (are any samples still moving?), and only when a tolerance is set. Each step's
 * temporaries live in a sub-manager closed at the end of the step, so memory does not grow with
 * the number of steps. Immutable and thread-safe when its terms are.
 */
public final class IterativeFlow implements Projector {
    private final List<FlowTerm> terms;
    private final StoppingRule stopping;
    private final List<FlowObserver> observers;
    private final boolean recordTrajectory;
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
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a flow needs at least one term");
        }
        this.dimension = Checks.requireAtLeast("dimension", dimension, 1);
        this.terms = List.copyOf(terms);
        this.stopping = stopping;
        this.observers = List.copyOf(observers);
        this.recordTrajectory = recordTrajectory;
    }

    public StoppingRule stopping() {
        return stopping;
    }

    /** Runs the flow on {@code x} {@code [B, D]} (finite); x itself is left as it is. */
    @Override
    public Projection project(NDArray x) {
        Checks.requirePoints("x", x, dimension);
        Checks.requireData("x", x);
        NDManager caller = x.getManager();
        long batch = x.getShape().get(0);
        NDArray state = x.duplicate();
        NDArray active = caller.ones(new Shape(batch, 1), x.getDataType());
        NDArray steps = caller.zeros(new Shape(batch), DataType.INT32);
        try (NDManager recorder = caller.newSubManager()) {
            NDList trajectory = new NDList();
            if (recordTrajectory) {
                trajectory.add(copyInto(recorder, state));
            }
            for (int n = 1; n <= stopping.maxSteps(); n++) {
                NDArray next;
                NDArray nextActive;
                NDArray nextSteps;
                long stillMoving;
                try (NDManager scope = caller.newSubManager()) {
                    state.tempAttach(scope);
                    active.tempAttach(scope);
                    steps.tempAttach(scope);
                    NDArray delta = n == 1 ? increment(n, state) : incrementOnCheckedState(n, state);
                    next = state.add(delta.mul(active));
                    nextSteps = steps.add(active.squeeze(1).toType(DataType.INT32, false));
                    if (stopping.tolerance().isPresent()) {
                        NDArray moving = delta.norm(new int[] {1}, true).gte(stopping.tolerance().getAsDouble());
                        nextActive = active.mul(moving.toType(active.getDataType(), false));
                        stillMoving = nextActive.sum().toType(DataType.INT64, false).getLong();
                    } else {
                        nextActive = active.duplicate();
                        stillMoving = batch;
                    }
                    caller.attachAll(next, nextActive, nextSteps);
                }
                state.close();
                active.close();
                steps.close();
                state = next;
                active = nextActive;
                steps = nextSteps;
                if (recordTrajectory) {
                    trajectory.add(copyInto(recorder, state));
                }
                for (FlowObserver observer : observers) {
                    observer.onStep(n, state, stillMoving);
                }
                if (stillMoving == 0) {
                    break;
                }
            }
            int[] iterations = steps.toIntArray();
            Optional<NDArray> path = Optional.empty();
            if (recordTrajectory) {
                NDArray stacked = NDArrays.stack(trajectory);
                stacked.attach(caller);
                path = Optional.of(stacked);
            }
            return new Projection(state, iterations, path);
        } finally {
            active.close();
            steps.close();
        }
    }

    /**
     * A step after the first: its state derives from the input checked on entry (and by the first
     * step's callees, under their own rules), so their value checks are off ({@link Checks#checkedState}).
     */
    @SuppressWarnings("try") // the token only scopes the checked state
    private NDArray incrementOnCheckedState(int step, NDArray x) {
        try (Checks.CheckedState checked = Checks.checkedState()) {
            return increment(step, x);
        }
    }

    private NDArray increment(int step, NDArray x) {
        NDArray sum = terms.get(0).increment(step, x);
        for (int k = 1; k < terms.size(); k++) {
            sum = sum.add(terms.get(k).increment(step, x));
        }
        return sum;
    }

    private static NDArray copyInto(NDManager manager, NDArray x) {
        NDArray copy = x.duplicate();
        copy.attach(manager);
        return copy;
    }
}
