package org.mppm.samplers.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mppm.core.Checks;
import org.mppm.core.SampleSeeds;
import org.mppm.core.Scopes;

/**
 * The one stepping engine under every iterative method of the library (the MPPM flows, Algorithm 2
 * and its variants, EDM Euler/Heun and MAD, the reverse SDE and the probability-flow ODE, the DDPM
 * reverse chain): methods differ only in their {@link Stepper} and its schedule, while this loop
 * owns what they share.
 *
 * <ul>
 *   <li><b>Scoping.</b> Each step runs in a sub-manager closed when the step ends, on views of the
 *       state owned by that scope ({@link Scopes#alias}), so memory does not grow with the number of
 *       steps. The loop never attaches, even for a while, an array it did not create: the caller's
 *       start is read, never moved, closed or changed. What the run keeps between steps lives in a
 *       manager of its own, freed also when a step throws; the results go to the manager of
 *       {@code start.get(0)}.</li>
 *   <li><b>Stopping.</b> A {@link StoppingRule}: at most {@code maxSteps} steps and, with a
 *       tolerance, per-sample stopping: sample b stops once its increment
 *       ({@link StepContext#advance}) is shorter than the tolerance, and from then on
 *       {@code advance} leaves it where it is; the loop ends when every sample has stopped. The only
 *       host read per step is that one count, and only with a tolerance.</li>
 *   <li><b>Checked state.</b> The caller checks its input on entry; the steps then run in
 *       {@link Checks#checkedState()}, so the checked public methods they call (a denoiser, a kernel
 *       mean, a chart) read nothing back to the host. With {@link #checkingValuesInFirstStep()} the
 *       first step runs with the checks on (its callees then check the caller's input by their own
 *       rules, as the MPPM flows want) and the later steps on checked state.</li>
 *   <li><b>Noise.</b> With {@link SampleSeeds}, step k's noise for row b comes from
 *       {@code of(of(seed, firstSample + b), k)} ({@link StepContext#normal}): a sample's result
 *       does not depend on the chunk it is computed in.</li>
 *   <li><b>Observers and trajectory.</b> Every {@link FlowObserver} sees {@code (k, x_k, active)}
 *       after step k; the trajectory, if recorded, is {@code [T + 1, B, ...]} (the start, then the
 *       state after every step).</li>
 * </ul>
 * Immutable and thread-safe; a run is confined to the calling thread.
 */
public final class StepLoop {
    private final StoppingRule stopping;
    private final List<FlowObserver> observers;
    private final boolean recordTrajectory;
    private final boolean checkFirstStep;

    private StepLoop(StoppingRule stopping, List<FlowObserver> observers, boolean recordTrajectory, boolean checkFirstStep) {
        this.stopping = Objects.requireNonNull(stopping, "stopping");
        this.observers = List.copyOf(observers);
        this.recordTrajectory = recordTrajectory;
        this.checkFirstStep = checkFirstStep;
    }

    /** A loop of exactly {@code steps} steps ({@code >= 1}): no observer, no trajectory. */
    public static StepLoop fixedSteps(int steps) {
        return stopping(StoppingRule.fixedSteps(steps));
    }

    /** A loop that stops as {@code rule} says: no observer, no trajectory. */
    public static StepLoop stopping(StoppingRule rule) {
        return new StepLoop(rule, List.of(), false, false);
    }

    public StoppingRule stopping() {
        return stopping;
    }

    /** This loop, also calling {@code observer} after every step. */
    public StepLoop withObserver(FlowObserver observer) {
        List<FlowObserver> all = new ArrayList<>(observers);
        all.add(Objects.requireNonNull(observer, "observer"));
        return new StepLoop(stopping, all, recordTrajectory, checkFirstStep);
    }

    /** This loop, also calling each of {@code more} after every step, in order. */
    public StepLoop withObservers(List<FlowObserver> more) {
        List<FlowObserver> all = new ArrayList<>(observers);
        all.addAll(more);
        return new StepLoop(stopping, all, recordTrajectory, checkFirstStep);
    }

    /** This loop, recording the trajectory {@code [T + 1, B, ...]} of the state or not. */
    public StepLoop recordingTrajectory(boolean record) {
        return new StepLoop(stopping, observers, record, checkFirstStep);
    }

    /** This loop with the value checks on during the first step (see the class comment). */
    public StepLoop checkingValuesInFirstStep() {
        return new StepLoop(stopping, observers, recordTrajectory, true);
    }

    /** Runs {@code stepper} from {@code start} {@code [B, ...]} without sample seeds. */
    public Run run(NDArray start, Stepper stepper) {
        return run(new NDList(start), Optional.empty(), stepper);
    }

    /** Runs {@code stepper} from {@code start} {@code [B, ...]}, row b being sample {@code seeds.firstSample() + b}. */
    public Run run(NDArray start, SampleSeeds seeds, Stepper stepper) {
        return run(new NDList(start), Optional.of(seeds), stepper);
    }

    /**
     * Runs {@code stepper} from {@code start}: element 0 the batch {@code [B, ...]}, then any carried
     * per-sample arrays. None of them is changed, moved or closed.
     *
     * @return the final state, per-sample step counts and trajectory, in start.get(0)'s manager
     */
    @SuppressWarnings("try") // the token only scopes the checked state
    public Run run(NDList start, Optional<SampleSeeds> seeds, Stepper stepper) {
        Objects.requireNonNull(stepper, "stepper");
        Objects.requireNonNull(seeds, "seeds");
        if (start.isEmpty()) {
            throw new IllegalArgumentException("a loop needs a state");
        }
        NDArray head = start.head();
        Checks.requireBatch("state", head);
        long batch = head.getShape().get(0);
        seeds.ifPresent(s -> {
            if (s.count() != batch) {
                throw new IllegalArgumentException("the seeds cover " + s.count() + " samples, the state " + batch);
            }
        });
        NDManager caller = head.getManager();
        boolean perSample = stopping.tolerance().isPresent();
        double tolerance = stopping.tolerance().orElse(0);
        try (NDManager run = caller.newSubManager()) {
            NDList state = start;
            NDArray active = null;
            NDArray steps = null;
            if (perSample) {
                long[] ones = new long[head.getShape().dimension()];
                Arrays.fill(ones, 1);
                ones[0] = batch;
                active = run.ones(new Shape(ones), head.getDataType());
                steps = run.zeros(new Shape(batch), DataType.INT32);
            }
            NDList trajectory = new NDList();
            if (recordTrajectory) {
                trajectory.add(copy(head, run));
            }
            int taken = 0;
            for (int k = 1; k <= stopping.maxSteps(); k++) {
                NDList next;
                NDArray nextActive = null;
                NDArray nextSteps = null;
                long moving = batch;
                try (NDManager scope = run.newSubManager()) {
                    NDList in = aliases(state, scope);
                    NDArray activeIn = active == null ? null : Scopes.alias(active, scope);
                    StepContext context = new StepContext(k, scope, activeIn, seeds);
                    next = step(stepper, context, in, k == 1 && checkFirstStep);
                    requireLike(state, next, k);
                    if (perSample) {
                        NDArray length = context.stepLength();
                        if (length == null) {
                            throw new IllegalStateException("a loop with a tolerance needs steppers that move the state with"
                                    + " StepContext.advance; step " + k + " did not");
                        }
                        nextSteps = Scopes.alias(steps, scope).add(activeIn.reshape(batch).toType(DataType.INT32, false));
                        NDArray stillMoving = length.gte(tolerance).toType(activeIn.getDataType(), false);
                        nextActive = activeIn.mul(stillMoving.reshape(activeIn.getShape()));
                        moving = nextActive.sum().toType(DataType.INT64, false).getLong();
                        run.attachAll(nextActive, nextSteps);
                    }
                    keep(next, in, run);
                }
                if (state != start) {
                    state.close();
                }
                state = next;
                if (perSample) {
                    active.close();
                    steps.close();
                    active = nextActive;
                    steps = nextSteps;
                }
                taken = k;
                if (recordTrajectory) {
                    trajectory.add(copy(state.head(), run));
                }
                for (FlowObserver observer : observers) {
                    observer.onStep(k, state.head(), moving);
                }
                if (moving == 0) {
                    break;
                }
            }
            int[] iterations;
            if (perSample) {
                iterations = steps.toIntArray();
            } else {
                iterations = new int[Math.toIntExact(batch)];
                Arrays.fill(iterations, taken);
            }
            Optional<NDArray> path = Optional.empty();
            if (recordTrajectory) {
                NDArray stacked = NDArrays.stack(trajectory);
                stacked.attach(caller);
                path = Optional.of(stacked);
            }
            state.attach(caller);
            return new Run(state, iterations, path);
        }
    }

    private static NDList step(Stepper stepper, StepContext context, NDList state, boolean checksOn) {
        if (checksOn) {
            return stepper.next(context, state);
        }
        try (Checks.CheckedState token = Checks.checkedState()) {
            return stepper.next(context, state);
        }
    }

    private static NDList aliases(NDList state, NDManager scope) {
        NDList in = new NDList(state.size());
        for (NDArray a : state) {
            in.add(Scopes.alias(a, scope));
        }
        return in;
    }

    /** Moves a step's results into the run; a result that is one of the step's views is copied first. */
    private static void keep(NDList next, NDList in, NDManager run) {
        for (int i = 0; i < next.size(); i++) {
            NDArray a = next.get(i);
            for (NDArray view : in) {
                if (a == view) {
                    a = view.duplicate();
                    next.set(i, a);
                    break;
                }
            }
            a.attach(run);
        }
    }

    private static void requireLike(NDList before, NDList after, int k) {
        if (after == null || after.size() != before.size()) {
            throw new IllegalStateException("step " + k + " returned " + (after == null ? "null" : after.size() + " arrays")
                    + " for a state of " + before.size());
        }
        for (int i = 0; i < after.size(); i++) {
            if (!after.get(i).getShape().equals(before.get(i).getShape())) {
                throw new IllegalStateException("step " + k + " turned state " + i + " of shape " + before.get(i).getShape()
                        + " into " + after.get(i).getShape());
            }
        }
    }

    private static NDArray copy(NDArray x, NDManager manager) {
        NDArray c = x.duplicate();
        c.attach(manager);
        return c;
    }

    /**
     * The outcome of a run, in the manager of the start's first array: the final state (element 0
     * the batch {@code [B, ...]}, then the carried arrays), how many steps each sample moved, and
     * the trajectory {@code [T + 1, B, ...]} if it was recorded. {@link #close()} frees the arrays.
     *
     * @param state      the final state
     * @param iterations per sample, the steps it moved (every step taken, without a tolerance)
     * @param trajectory the start and the state after every step, if recorded
     */
    public record Run(NDList state, int[] iterations, Optional<NDArray> trajectory) implements AutoCloseable {

        public Run {
            iterations = iterations.clone();
        }

        /** The final batch, {@code state().get(0)}. */
        public NDArray result() {
            return state.head();
        }

        @Override
        public int[] iterations() {
            return iterations.clone();
        }

        @Override
        public void close() {
            state.close();
            trajectory.ifPresent(NDArray::close);
        }
    }
}
