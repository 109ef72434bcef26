package org.mppm.models.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.mppm.core.HostArrays;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.Stores;

/**
 * The gradient of a batch {@code [B, ...]} as the row-weighted sum of the gradients of its
 * micro-batches: K consecutive parts of {@code floor(B / K)} or {@code ceil(B / K)} rows, part k
 * weighted by {@code B_k / B} (for a loss that is a mean over rows, the batch's own gradient up to
 * float rounding), each part drawing its noise from its own stream, split from the fit's generator
 * in part order before any part runs.
 *
 * <p>When the objective can read the parameters through another store
 * ({@link Objective#withStore}), every part runs on aliases of the parameters of its own (leaves
 * sharing the parameters' storage, with gradients of their own), so parts run at once on up to
 * {@link #threads} threads, and the gradients are summed afterwards in part order: the same bits
 * for any number of threads. Otherwise the parts run one after another on the calling thread and
 * accumulate into the parameters' own gradients in part order.
 */
final class MicroBatches {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** The daemon threads parts run on besides the caller's; shared by every fit of the JVM. */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "mppm-train-" + COUNTER.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private MicroBatches() {}

    /**
     * Threads that run parts at once: the processors left once each has the engine's intra-op
     * threads, at least 1, at most {@code parts}. Bits never depend on it.
     */
    static int threads(int parts) {
        int intraOp = Math.max(1, JniUtils.getNumThreads());
        return Math.max(1, Math.min(parts, Runtime.getRuntime().availableProcessors() / intraOp));
    }

    /**
     * Back-propagates the weighted parts of {@code batch} through {@code recording} and returns the
     * gradient of each trainable parameter of {@code groups}, and the batch's terms (the weighted
     * sums of the parts' terms, in the batch's manager, off the graph). With parameter aliases the
     * parameters' own gradients are left untouched and the returned gradients are new arrays in the
     * batch's manager; without, they are the parameters' gradients.
     */
    static Step run(Objective objective, NDArray batch, List<ParameterGroup> groups, SeededNoise random, int parts,
            GradientRecording recording) {
        return run(objective, batch, groups, random, parts, recording, threads((int) Math.min(parts, batch.getShape().get(0))));
    }

    /** {@link #run(Objective, NDArray, List, SeededNoise, int, GradientRecording)} on up to {@code threads} threads. */
    static Step run(Objective objective, NDArray batch, List<ParameterGroup> groups, SeededNoise random, int parts,
            GradientRecording recording, int threads) {
        long b = batch.getShape().get(0);
        int k = (int) Math.min(parts, b);
        SeededNoise[] streams = new SeededNoise[k];
        for (int i = 0; i < k; i++) {
            streams[i] = random.split();
        }
        List<Parameter> trainable = trainable(groups);
        boolean aliased = objective.withStore(Stores.direct()).isPresent();
        NDManager owner = batch.getManager();
        Part[] done = new Part[k];
        try {
            if (aliased) {
                runAliased(objective, batch, trainable, streams, recording, done, threads);
            } else {
                for (int i = 0; i < k; i++) {
                    done[i] = part(objective, batch, i, k, streams[i], List.of(), recording);
                }
            }
            Map<Parameter, NDArray> gradients = new LinkedHashMap<>();
            for (Parameter p : trainable) {
                if (aliased) {
                    // summed in place into the first part's gradient, which outlives its part once moved to the batch
                    NDArray sum = done[0].gradients.get(p);
                    for (int i = 1; i < k; i++) {
                        sum.addi(done[i].gradients.get(p));
                    }
                    sum.attach(owner);
                    gradients.put(p, sum);
                } else {
                    gradients.put(p, null);
                }
            }
            return new Step(combined(done, owner), gradients);
        } finally {
            for (Part part : done) {
                if (part != null) {
                    part.scope.close();
                }
            }
        }
    }

    /** What a step produced: the batch's terms, and per trainable parameter its summed gradient (null: the parameter's own). */
    record Step(LossTerms terms, Map<Parameter, NDArray> gradients) {}

    private static void runAliased(Objective objective, NDArray batch, List<Parameter> trainable, SeededNoise[] streams,
            GradientRecording recording, Part[] done, int threads) {
        int k = streams.length;
        AtomicInteger next = new AtomicInteger();
        Runnable lane = () -> {
            for (int i = next.getAndIncrement(); i < k; i = next.getAndIncrement()) {
                done[i] = part(objective, batch, i, k, streams[i], trainable, recording);
            }
        };
        List<Future<?>> others = new ArrayList<>();
        for (int t = 1; t < Math.min(threads, k); t++) {
            others.add(WORKERS.submit(() -> {
                try (GradientRecording onThisThread = new GradientRecording()) {
                    lane.run();
                }
            }));
        }
        Throwable failure = null;
        try {
            lane.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        // every lane finishes before anything is closed, even when this thread is interrupted:
        // a part still running uses the batch and its own scope
        boolean interrupted = false;
        for (Future<?> f : others) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException("a micro-batch failed", failure);
        }
    }

    /**
     * Part {@code i} of {@code k}: its rows in a manager of its own, its terms with {@code random},
     * the backward pass of its total weighted by its share of the rows; with {@code aliased}
     * parameters, through a store that hands out leaves of its own, whose gradients it keeps.
     */
    private static Part part(Objective objective, NDArray batch, int i, int k, SeededNoise random, List<Parameter> aliased,
            GradientRecording recording) {
        long b = batch.getShape().get(0);
        long start = b * i / k;
        long end = b * (i + 1) / k;
        NDManager scope = batch.getManager().newSubManager();
        try {
            NDArray rows = batch.get("{}:{}", start, end);
            rows.attach(scope);
            Map<Parameter, NDArray> leaves = new IdentityHashMap<>();
            for (Parameter p : aliased) {
                NDArray leaf = p.getArray().stopGradient();
                leaf.attach(scope);
                leaf.setRequiresGradient(true);
                leaves.put(p, leaf);
            }
            Objective own = aliased.isEmpty() ? objective : objective.withStore(new Aliases(scope, leaves)).orElseThrow();
            LossTerms terms = own.terms(rows, true, random);
            NDArray total = terms.total();
            NDArray share;
            try (NDArray host = scope.create((double) (end - start) / b)) {
                // engine-owned: autograd keeps it for the backward pass
                share = HostArrays.convert(host, total.getDataType());
            }
            recording.backward(total.mul(share));
            Map<Parameter, NDArray> gradients = new IdentityHashMap<>();
            for (Map.Entry<Parameter, NDArray> e : leaves.entrySet()) {
                NDArray g = e.getValue().getGradient();
                // a leaf this part's graph never reached has no gradient: DJL then hands out float32 zeros
                gradients.put(e.getKey(), g.getDataType() == e.getValue().getDataType() ? g : g.toType(e.getValue().getDataType(), false));
            }
            return new Part(scope, terms, share, gradients);
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    /** The batch's terms: per name, the parts' values weighted by their shares and summed in part order. */
    private static LossTerms combined(Part[] parts, NDManager owner) {
        LossTerms out = new LossTerms();
        for (String name : parts[0].terms.names()) {
            NDArray sum = null;
            for (Part part : parts) {
                NDArray weighted = part.terms.get(name).stopGradient().mul(part.share);
                sum = sum == null ? weighted : sum.add(weighted);
            }
            sum.attach(owner);
            out.add(name, sum);
        }
        return out;
    }

    private static List<Parameter> trainable(List<ParameterGroup> groups) {
        List<Parameter> out = new ArrayList<>();
        for (ParameterGroup group : groups) {
            for (Pair<String, Parameter> p : group.block().getParameters()) {
                if (p.getValue().getArray().hasGradient()) {
                    out.add(p.getValue());
                }
            }
        }
        return out;
    }

    private record Part(NDManager scope, LossTerms terms, NDArray share, Map<Parameter, NDArray> gradients) {}

    /** Hands out a part's leaves for the trainable parameters, the parameters' own arrays for the rest. */
    private static final class Aliases extends ParameterStore {
        private final Map<Parameter, NDArray> leaves;

        Aliases(NDManager scope, Map<Parameter, NDArray> leaves) {
            super(scope, false);
            this.leaves = leaves;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            if (parameter == null) {
                return null;
            }
            NDArray leaf = leaves.get(parameter);
            return leaf != null ? leaf : parameter.getArray();
        }
    }
}
