package org.mppm.core;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Optional;

/**
 * The outcome of a {@link Projector}: the projected batch {@code [B, ...]}, the number of steps
 * each sample moved ({@code iterations[b]}), and, if it was asked for, the trajectory
 * {@code [T + 1, B, ...]} (the start, then the state after every step; samples that stopped stay put).
 * The arrays belong to the manager of the projector's input; {@link #close()} releases them.
 */
public record Projection(NDArray result, int[] iterations, Optional<NDArray> trajectory) implements AutoCloseable {

    public Projection {
        iterations = iterations.clone();
    }

    @Override
    public int[] iterations() {
        return iterations.clone();
    }

    /** The largest per-sample iteration count. */
    public int maxIterations() {
        return Arrays.stream(iterations).max().orElse(0);
    }

    @Override
    public void close() {
        result.close();
        trajectory.ifPresent(NDArray::close);
    }
}
