package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Progress;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Restorer} or {@link Sampler} runs a job: in chunks of at most {@link #size()}
 * samples (memory stays bounded by the chunk), reporting each finished chunk to an optional
 * {@link Progress} (DJL's interface; the application decides how to draw it), in samples.
 *
 * <p>Same bits for every chunk size: rows never influence each other and per-sample noise comes
 * from {@link SampleSeeds}; what remains is that matrix kernels round the last rows of a short or
 * ragged batch differently from full blocks. So every chunk reaches the method padded to a
 * multiple of {@link #ROW_BLOCK} rows (a restorer's chunk by copies of its last row, a sampler's by
 * the next samples of the stream), and the padding is dropped from the result. Immutable.
 *
 * @param size     the most samples per chunk, {@code >= 1}
 * @param progress where finished chunks are reported, if anywhere
 */
public record Chunking(int size, Optional<Progress> progress) {

    /** Every chunk reaches the method as a multiple of this many rows. */
    public static final int ROW_BLOCK = 16;

    /** The default chunk size. */
    public static final int DEFAULT_SIZE = 256;

    public Chunking {
        Checks.requireAtLeast("chunk size", size, 1);
        Objects.requireNonNull(progress, "progress");
    }

    /** Chunks of {@link #DEFAULT_SIZE} samples, no progress. */
    public static Chunking defaults() {
        return of(DEFAULT_SIZE);
    }

    /** Chunks of at most {@code size} samples, no progress. */
    public static Chunking of(int size) {
        return new Chunking(size, Optional.empty());
    }

    /** The same chunks, reported to {@code progress}. */
    public Chunking withProgress(Progress progress) {
        return new Chunking(size, Optional.of(Objects.requireNonNull(progress, "progress")));
    }

    /** Runs {@code restorer} over {@code degraded} {@code [B, ...]}; the result belongs to degraded's manager. */
    NDArray restore(Restorer restorer, NDArray degraded) {
        return restore(restorer, degraded, 0);
    }

    /**
     * Runs {@code restorer} over {@code degraded} {@code [B, ...]} as the samples
     * {@code firstSample .. firstSample + B - 1} of a larger job; the result belongs to degraded's
     * manager.
     */
    NDArray restore(Restorer restorer, NDArray degraded, long firstSample) {
        Objects.requireNonNull(restorer, "restorer");
        Checks.requireBatch("degraded", degraded);
        if (firstSample < 0) {
            throw new IllegalArgumentException("firstSample must be >= 0, got " + firstSample);
        }
        long total = degraded.getShape().get(0);
        start("restore", total);
        NDArray restored = Scopes.scoped(degraded, in -> {
            NDList parts = new NDList();
            for (long first = 0; first < total; first += size) {
                int rows = (int) Math.min(size, total - first);
                try (NDManager chunk = in.getManager().newSubManager()) {
                    NDArray block = Scopes.alias(in, chunk).get("{}:{}", first, first + rows);
                    NDArray out = restoreChunk(restorer, block, rows, firstSample + first);
                    parts.add(kept(out, rows, in.getManager(), "restorer"));
                }
                step(rows);
            }
            return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
        });
        end();
        return restored;
    }

    /** Draws {@code count} samples of the stream {@code seed} with {@code sampler}, owned by {@code manager}. */
    NDArray sample(Sampler sampler, NDManager manager, int count, long seed) {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(manager, "manager");
        Checks.requireAtLeast("count", count, 1);
        start("sample", count);
        NDArray samples;
        try (NDManager job = manager.newSubManager()) {
            NDList parts = new NDList();
            for (int first = 0; first < count; first += size) {
                int rows = Math.min(size, count - first);
                try (NDManager chunk = job.newSubManager()) {
                    NDArray out = sampler.sampleRows(chunk, seed, first, roundUp(rows));
                    parts.add(kept(out, rows, job, "sampler"));
                }
                step(rows);
            }
            samples = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
            samples.attach(manager);
        }
        end();
        return samples;
    }

    /**
     * The restorer on the padded chunk. The restorer checks its input; when it rejects a padded
     * chunk, the unpadded chunk is offered so that the error names the caller's rows and shape,
     * not the padding's.
     */
    private static NDArray restoreChunk(Restorer restorer, NDArray block, int rows, long first) {
        NDArray padded = padded(block, rows);
        try {
            return restorer.restoreRows(padded, first);
        } catch (IllegalArgumentException e) {
            if (padded != block) {
                restorer.restoreRows(block, first).close();
            }
            throw e;
        }
    }

    /** {@code rows} rows padded with copies of the last one to a multiple of {@link #ROW_BLOCK}. */
    private static NDArray padded(NDArray block, int rows) {
        int extra = roundUp(rows) - rows;
        if (extra == 0) {
            return block;
        }
        NDArray last = block.get("{}:{}", rows - 1, rows);
        return block.concat(last.repeat(0, extra), 0);
    }

    /** The first {@code rows} rows of a chunk's result, in {@code owner}; checks the result's row count. */
    private static NDArray kept(NDArray out, int rows, NDManager owner, String role) {
        long got = out.getShape().isScalar() ? -1 : out.getShape().get(0);
        if (got != roundUp(rows)) {
            throw new IllegalStateException("the " + role + " returned " + out.getShape() + " for a chunk of "
                    + roundUp(rows) + " rows");
        }
        NDArray kept = got == rows ? out : out.get("0:{}", rows);
        kept.attach(owner);
        return kept;
    }

    private static int roundUp(int rows) {
        return (rows + ROW_BLOCK - 1) / ROW_BLOCK * ROW_BLOCK;
    }

    private void start(String what, long total) {
        progress.ifPresent(p -> p.reset(what, total));
    }

    private void step(int rows) {
        progress.ifPresent(p -> p.increment(rows));
    }

    private void end() {
        progress.ifPresent(Progress::end);
    }
}
