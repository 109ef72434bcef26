package org.mppm.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>Parallel chunks: with {@link #withThreads(int) threads} {@code > 1}, up to that many chunks
 * run at once, each on its own thread, on the one shared (thread-safe) restorer or sampler; a job
 * with fewer chunks than threads is cut into smaller chunks (whole multiples of
 * {@link #ROW_BLOCK}) so every thread has work. The bits are the same for every thread count.
 * Give the engine one intra-op thread ({@code -Dai.djl.pytorch.num_threads=1}) when chunks run in
 * parallel, or the two kinds of threads compete for the cores.
 *
 * <p>Jobs run in a {@link NoGrad} scope on the calling thread and on every worker: no autograd
 * graph is recorded, whichever thread calls.
 *
 * @param size     the most samples per chunk, {@code >= 1}
 * @param progress where finished chunks are reported, if anywhere
 * @param threads  the most chunks run at once, {@code >= 1}
 */
public record Chunking(int size, Optional<Progress> progress, int threads) {

    /** Every chunk reaches the method as a multiple of this many rows. */
    public static final int ROW_BLOCK = 16;

    /** The default chunk size. */
    public static final int DEFAULT_SIZE = 256;

    public Chunking {
        Checks.requireAtLeast("chunk size", size, 1);
        Objects.requireNonNull(progress, "progress");
        Checks.requireAtLeast("threads", threads, 1);
    }

    /** Chunks of at most {@code size} samples reported to {@code progress}, one at a time. */
    public Chunking(int size, Optional<Progress> progress) {
        this(size, progress, 1);
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
        return new Chunking(size, Optional.of(Objects.requireNonNull(progress, "progress")), threads);
    }

    /** Up to {@code threads} ({@code >= 1}) chunks at once, each on its own thread; same bits as one. */
    public Chunking withThreads(int threads) {
        return new Chunking(size, progress, threads);
    }

    /** Up to one chunk per available processor at once ({@link #withThreads}). */
    public Chunking onAllCores() {
        return withThreads(Runtime.getRuntime().availableProcessors());
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
        NDArray restored;
        try (NoGrad inference = NoGrad.enter()) {
            restored = Scopes.scoped(degraded, in -> {
                NDList parts = inChunks(total, (first, rows) -> {
                    try (NDManager chunk = in.getManager().newSubManager()) {
                        NDArray block = Scopes.alias(in, chunk).get("{}:{}", first, first + rows);
                        NDArray out = restoreChunk(restorer, block, rows, firstSample + first);
                        return kept(out, rows, in.getManager(), "restorer");
                    }
                });
                return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
            });
        }
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
        try (NoGrad inference = NoGrad.enter(); NDManager job = manager.newSubManager()) {
            NDList parts = inChunks(count, (first, rows) -> {
                try (NDManager chunk = job.newSubManager()) {
                    NDArray out = sampler.sampleRows(chunk, seed, first, roundUp(rows));
                    return kept(out, rows, job, "sampler");
                }
            });
            samples = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
            samples.attach(manager);
        }
        end();
        return samples;
    }

    /** One chunk's work: rows {@code first .. first + rows - 1} of the job to a result in the job's manager. */
    @FunctionalInterface
    private interface ChunkWork {
        NDArray run(long first, int rows);
    }

    /**
     * The job's chunks in order: one after the other, or {@link #threads} at a time on the shared
     * workers (the first failure is rethrown once every started chunk has ended; results already
     * made are closed). Progress is reported as chunks finish.
     */
    private NDList inChunks(long total, ChunkWork work) {
        long per = size;
        if (threads > 1) {
            long share = roundUp((int) Math.min(Integer.MAX_VALUE - ROW_BLOCK, (total + threads - 1) / threads));
            per = Math.max(ROW_BLOCK, Math.min(size, share));
        }
        int count = (int) ((total + per - 1) / per);
        NDArray[] results = new NDArray[count];
        long chunk = per;
        if (threads == 1 || count == 1) {
            for (int i = 0; i < count; i++) {
                int rows = (int) Math.min(chunk, total - i * chunk);
                results[i] = work.run(i * chunk, rows);
                step(rows);
            }
            return new NDList(results);
        }
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, count); t++) {
            workers.add(() -> {
                try (NoGrad inference = NoGrad.enter()) {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        int rows = (int) Math.min(chunk, total - i * chunk);
                        results[i] = work.run(i * chunk, rows);
                        step(rows);
                    }
                    return null;
                } catch (RuntimeException | Error e) {
                    next.set(count); // the other workers start no new chunk
                    throw e;
                }
            });
        }
        List<Future<Void>> done;
        try {
            done = Workers.POOL.invokeAll(workers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll(results);
            throw new IllegalStateException("interrupted while chunks were running", e);
        }
        for (Future<Void> f : done) {
            try {
                f.get();
            } catch (ExecutionException e) {
                closeAll(results);
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeAll(results);
                throw new IllegalStateException("interrupted while chunks were running", e);
            }
        }
        return new NDList(results);
    }

    private static void closeAll(NDArray[] results) {
        for (NDArray r : results) {
            if (r != null) {
                r.close();
            }
        }
    }

    /** The daemon threads parallel chunks run on, shared by every job of the JVM. */
    private static final class Workers {
        private static final AtomicInteger COUNTER = new AtomicInteger();
        static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "mppm-chunk-" + COUNTER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
        progress.ifPresent(p -> {
            synchronized (p) {
                p.increment(rows);
            }
        });
    }

    private void end() {
        progress.ifPresent(Progress::end);
    }
}
