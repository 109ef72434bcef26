package org.mppm.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mppm.core.Checks;
import org.mppm.core.NoGrad;
import org.mppm.core.SeededNoise;

/**
 * Minibatch training with early stopping, shared by every model of the library.
 *
 * <p>The data {@code [N, ...]} is split once (seeded) into training and validation parts. Each
 * epoch shuffles the training part, and for every batch: evaluates the objective, back-propagates
 * its total once, and lets each {@link ParameterGroup}'s optimiser update its parameters. The
 * validation loss (training behaviour off, fixed noise) decides early stopping; the best
 * parameters are restored at the end. With a validation fraction of 0 every epoch trains on all
 * the data, no epoch is validated (the reports' validation loss is NaN) and the last epoch's
 * parameters are kept. Per-batch arrays live in a sub-manager closed after the
 * batch; the loss terms are summed on the device and read once per epoch.
 *
 * <p>Randomness: the fit's own generator ({@link SeededNoise}) feeds the objective's training
 * noise and masks, batch after batch; validation draws from a generator re-seeded with the same
 * seed every epoch (the same noise each time). Nothing is drawn from the engine's generator, so
 * the result depends on the seed only, not on what other threads draw.
 *
 * <p>Threads: a fit records gradients on its own thread only, so fits of different models run at
 * the same time in several threads, each giving the result it gives alone, bit for bit. A fit holds
 * the lock of every block it trains (its {@code groups}): fits of the same model queue behind each
 * other. Training through DJL's own trainer runs {@link #exclusive}, alone. Inference takes no lock.
 * Listeners run under the fit's locks: one that waits for a fit of the same model in another
 * thread waits for ever. A schedule with {@link TrainingSchedule#microBatches} above 1 takes each
 * batch's gradient over that many parts ({@link MicroBatches}), which run at once on the library's
 * own daemon threads when the objective allows; the same bits for any number of threads.
 */
public final class Fitter {
    private Fitter() {}

    /**
     * Runs {@code training} alone: no fit of the library runs meanwhile, and no other exclusive
     * training. For training loops that open DJL's own gradient collector (a DJL {@code Trainer}),
     * which allows one collector in the process and may zero every gradient of the engine.
     * Reentrant; refused inside a fit on the same thread.
     */
    public static <T> T exclusive(java.util.function.Supplier<T> training) {
        return TrainingLocks.exclusive(training);
    }

    /**
     * The outcome: the epoch reports, the epoch whose parameters were kept and its validation loss
     * (the last epoch and NaN when nothing was held out).
     */
    public record Result(List<EpochReport> reports, int bestEpoch, double bestValidationLoss) {
        public Result {
            reports = List.copyOf(reports);
        }
    }

    /** {@link #fit(NDArray, Objective, List, TrainingSchedule, SeededNoise, TrainingListener)} with a generator seeded by the schedule's seed. */
    public static Result fit(NDArray data, Objective objective, List<ParameterGroup> groups, TrainingSchedule schedule,
            TrainingListener listener) {
        return fit(data, objective, groups, schedule, new SeededNoise(schedule.seed()), listener);
    }

    /**
     * Trains on {@code data [N, ...]}, holding the locks of the blocks of {@code groups}.
     *
     * @param random the fit's generator (e.g. the one its parameters were initialised from): the
     *               validation seed and then the training noise are drawn from it, in that order
     */
    public static Result fit(NDArray data, Objective objective, List<ParameterGroup> groups, TrainingSchedule schedule,
            SeededNoise random, TrainingListener listener) {
        Checks.requireBatch("data", data);
        java.util.Objects.requireNonNull(random, "random");
        try (NoGrad outsideSteps = NoGrad.enter()) {
            return TrainingLocks.fit(groups, () -> loop(data, objective, groups, schedule, random, listener));
        }
    }

    private static Result loop(NDArray data, Objective objective, List<ParameterGroup> groups, TrainingSchedule schedule,
            SeededNoise random, TrainingListener listener) {
        ValidationSplit split = ValidationSplit.of(data.getShape().get(0), schedule);
        long[] validIdx = split.validation();
        long[] trainIdx = split.training();
        NDManager root = data.getManager();
        Random shuffle = new Random(schedule.seed() * 31 + 17);
        long validationSeed = random.nextLong();
        List<EpochReport> reports = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        try (NDManager snapshot = root.newSubManager()) {
            Map<Parameter, NDArray> bestParameters = new LinkedHashMap<>();
            for (int epoch = 1; epoch <= schedule.epochs(); epoch++) {
                Map<String, Double> means = trainEpoch(data, trainIdx, shuffle, objective, groups, schedule, random);
                double trainingLoss = means.values().stream().mapToDouble(Double::doubleValue).sum();
                if (validIdx.length == 0) {
                    EpochReport report = new EpochReport(epoch, schedule.epochs(), means, trainingLoss, Double.NaN, false);
                    reports.add(report);
                    listener.onEpoch(report);
                    requireFinite(trainingLoss, epoch);
                    bestEpoch = epoch;
                    continue;
                }
                double validationLoss = validate(data, validIdx, objective, schedule.batchSize(), new SeededNoise(validationSeed));
                boolean improved = validationLoss < best;
                if (improved) {
                    best = validationLoss;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    keep(groups, bestParameters, snapshot);
                } else {
                    sinceBest++;
                }
                EpochReport report = new EpochReport(epoch, schedule.epochs(), means, trainingLoss, validationLoss, improved);
                reports.add(report);
                listener.onEpoch(report);
                requireFinite(trainingLoss, epoch);
                if (sinceBest >= schedule.patience()) {
                    break;
                }
            }
            restore(bestParameters);
        }
        return new Result(reports, bestEpoch, validIdx.length == 0 ? Double.NaN : best);
    }

    private static void requireFinite(double trainingLoss, int epoch) {
        if (!Double.isFinite(trainingLoss)) {
            throw new IllegalStateException("training diverged at epoch " + epoch + ": loss " + trainingLoss
                    + " (lower the learning rates or the loss weights)");
        }
    }

    private static Map<String, Double> trainEpoch(NDArray data, long[] trainIdx, Random shuffle, Objective objective,
            List<ParameterGroup> groups, TrainingSchedule schedule, SeededNoise random) {
        int batchSize = schedule.batchSize();
        shuffleInPlace(trainIdx, shuffle);
        NDManager root = data.getManager();
        Map<String, Double> means = new LinkedHashMap<>();
        try (NDManager epochScope = root.newSubManager()) {
            Map<String, NDArray> sums = new LinkedHashMap<>();
            int batches = 0;
            for (int start = 0; start < trainIdx.length; start += batchSize) {
                int end = Math.min(trainIdx.length, start + batchSize);
                try (NDManager batchScope = root.newSubManager()) {
                    NDArray batch = rows(data, batchScope, trainIdx, start, end);
                    LossTerms terms = step(objective, batch, groups, random, schedule.microBatches());
                    for (String name : terms.names()) {
                        NDArray value = terms.get(name).stopGradient();
                        NDArray sum = sums.get(name);
                        NDArray next = sum == null ? value.duplicate() : sum.add(value);
                        next.attach(epochScope);
                        if (sum != null) {
                            sum.close();
                        }
                        sums.put(name, next);
                    }
                }
                batches++;
            }
            for (Map.Entry<String, NDArray> e : sums.entrySet()) {
                means.put(e.getKey(), e.getValue().toType(DataType.FLOAT64, false).getDouble() / batches);
            }
        }
        return means;
    }

    private static double validate(NDArray data, long[] validIdx, Objective objective, int batchSize, SeededNoise random) {
        NDManager root = data.getManager();
        double total = 0;
        for (int start = 0; start < validIdx.length; start += batchSize) {
            int end = Math.min(validIdx.length, start + batchSize);
            try (NDManager batchScope = root.newSubManager()) {
                NDArray batch = rows(data, batchScope, validIdx, start, end);
                NDArray loss = objective.terms(batch, false, random).total();
                total += loss.toType(DataType.FLOAT64, false).getDouble() * (end - start);
            }
        }
        return total / validIdx.length;
    }

    /**
     * One training step on a batch: the objective's terms in training mode with noise from
     * {@code random}, one backward pass of their total, one optimiser update per parameter group,
     * holding the locks of the groups' blocks. The terms belong to the batch's manager.
     */
    public static LossTerms trainStep(Objective objective, NDArray batch, List<ParameterGroup> groups, SeededNoise random) {
        return trainStep(objective, batch, groups, random, 1);
    }

    /**
     * {@link #trainStep(Objective, NDArray, List, SeededNoise)} with the gradient taken over
     * {@code microBatches} parts of the batch, as a fit with {@link TrainingSchedule#microBatches}
     * takes it: the parts run at once where the objective allows ({@link Objective#withStore}).
     */
    public static LossTerms trainStep(Objective objective, NDArray batch, List<ParameterGroup> groups, SeededNoise random,
            int microBatches) {
        Checks.requireBatch("batch", batch);
        Checks.requireAtLeast("microBatches", microBatches, 1);
        return TrainingLocks.fit(groups, () -> step(objective, batch, groups, random, microBatches));
    }

    private static LossTerms step(Objective objective, NDArray batch, List<ParameterGroup> groups, SeededNoise random,
            int microBatches) {
        if (microBatches == 1) {
            LossTerms terms;
            try (GradientRecording recording = new GradientRecording()) {
                terms = objective.terms(batch, true, random);
                recording.backward(terms.total());
            }
            step(groups, Map.of());
            return terms;
        }
        MicroBatches.Step step;
        try (GradientRecording recording = new GradientRecording()) {
            step = MicroBatches.run(objective, batch, groups, random, microBatches, recording);
        }
        step(groups, step.gradients());
        return step.terms();
    }

    /**
     * One optimiser step for every parameter that received a gradient: the one {@code gradients}
     * holds for it (then closed), else its own gradient, which is then zeroed.
     */
    private static void step(List<ParameterGroup> groups, Map<Parameter, NDArray> gradients) {
        for (ParameterGroup group : groups) {
            for (Pair<String, Parameter> p : group.block().getParameters()) {
                NDArray weight = p.getValue().getArray();
                if (!weight.hasGradient()) {
                    continue;
                }
                NDArray given = gradients.get(p.getValue());
                try (NDArray grad = given != null ? given : weight.getGradient()) {
                    group.optimizer().update(p.getValue().getId(), weight, grad);
                    if (given == null) {
                        grad.subi(grad);
                    }
                }
            }
        }
    }

    private static void keep(List<ParameterGroup> groups, Map<Parameter, NDArray> kept, NDManager snapshot) {
        for (ParameterGroup group : groups) {
            for (Pair<String, Parameter> p : group.block().getParameters()) {
                NDArray copy;
                try (NDArray detached = p.getValue().getArray().stopGradient()) {
                    copy = detached.duplicate();
                }
                copy.attach(snapshot);
                NDArray old = kept.put(p.getValue(), copy);
                if (old != null) {
                    old.close();
                }
            }
        }
    }

    private static void restore(Map<Parameter, NDArray> kept) {
        for (Map.Entry<Parameter, NDArray> e : kept.entrySet()) {
            NDArray weight = e.getKey().getArray();
            // in place, outside any graph, so the parameter keeps its identity and gradient slot
            weight.set(e.getValue().toByteBuffer());
        }
    }

    private static NDArray rows(NDArray data, NDManager scope, long[] idx, int start, int end) {
        long[] slice = java.util.Arrays.copyOfRange(idx, start, end);
        NDArray index = scope.create(slice);
        NDArray rows = data.get(index);
        rows.attach(scope);
        return rows;
    }

    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static void shuffleInPlace(long[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
