package org.mppm.samplers.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.mppm.core.SampleSeeds;

/**
 * What a {@link Stepper} knows about the step it takes in a {@link StepLoop}: its index, the scope
 * its temporaries live in, the per-sample noise of the step, and the masked update that per-sample
 * stopping needs. One context per step; confined to the loop's thread.
 */
public final class StepContext {
    private final int index;
    private final NDManager scope;
    private final NDArray active;
    private final Optional<SampleSeeds> seeds;
    private boolean advanced;
    private NDArray stepLength;

    StepContext(int index, NDManager scope, NDArray active, Optional<SampleSeeds> seeds) {
        this.index = index;
        this.scope = scope;
        this.active = active;
        this.seeds = seeds;
    }

    /** The number of this step, 1 for the first. */
    public int index() {
        return index;
    }

    /** The manager of this step's temporaries, closed when the step ends (the loop keeps what the step returns). */
    public NDManager scope() {
        return scope;
    }

    /**
     * {@code x + m * increment}, {@code [B, ...]}, where {@code m[b]} is 1 while sample b moves and 0
     * once the loop's {@link StoppingRule} stopped it (without a tolerance every sample moves, and
     * this is {@code x + increment}). With a tolerance it records {@code |increment|} per sample,
     * the length the tolerance is compared with. Call it once per step, for the loop's state; a loop with a
     * tolerance requires it.
     */
    public NDArray advance(NDArray x, NDArray increment) {
        if (advanced) {
            throw new IllegalStateException("advance was called twice in step " + index);
        }
        advanced = true;
        if (active == null) {
            return x.add(increment);
        }
        long batch = increment.getShape().get(0);
        NDArray rows = increment.getShape().dimension() == 2 ? increment : increment.reshape(batch, -1);
        stepLength = rows.norm(new int[] {1}, true);
        return x.add(increment.mul(active));
    }

    /** {@code |increment|} per sample {@code [B, 1]} as recorded by {@link #advance} (with a tolerance), or null. */
    NDArray stepLength() {
        return stepLength;
    }

    /**
     * Standard normal noise of the shape and type of {@code like} {@code [B, ...]}, in this step's
     * scope: row b is drawn from {@code SampleSeeds.of(SampleSeeds.of(seed, firstSample + b), index())}
     * ({@link SampleSeeds#normal}), so it depends on the job's seed, the sample and the step only,
     * never on the rows beside it. Needs the loop to run with seeds.
     */
    public NDArray normal(NDArray like) {
        SampleSeeds rows = seeds.orElseThrow(() -> new IllegalStateException(
                "step " + index + " draws noise, but the loop runs without sample seeds"));
        Shape shape = like.getShape();
        if (shape.get(0) != rows.count()) {
            throw new IllegalArgumentException("noise for " + shape.get(0) + " rows, but the loop's seeds cover "
                    + rows.count() + " samples");
        }
        DataType type = like.getDataType();
        return rows.normal(scope, shape.slice(1), type, index);
    }

    /** The per-sample seeds the loop runs with, if any. */
    public Optional<SampleSeeds> seeds() {
        return seeds;
    }
}
