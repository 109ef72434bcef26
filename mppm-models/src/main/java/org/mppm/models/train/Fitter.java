package org.mppm.models.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mppm.core.Checks;

/**
 * Minibatch training with early stopping, shared by every model of the library.
 *
 * <p>The data {@code [N, ...]} is split once (seeded) into training and validation parts. Each
 * epoch shuffles the training part, and for every batch: evaluates the objective, back-propagates
 * its total once, and lets each {@link ParameterGroup}'s optimiser update its parameters. The
 * validation loss (training behaviour off, fixed noise) decides early stopping; the best
 * parameters are restored at the end. Per-batch arrays live in a sub-manager closed after the
 * batch; the loss terms are summed on the device and read once per epoch.
 */
public final class Fitter {
    private Fitter() {}

    /** The outcome: the epoch reports, and the epoch whose parameters were kept. */
    public record Result(List<EpochReport> reports, int bestEpoch, double bestValidationLoss) {
        public Result {
            reports = List.copyOf(reports);
        }
    }

    public static Result fit(NDArray data, Objective objective, List<ParameterGroup> groups, TrainingSchedule schedule,
            TrainingListener listener) {
        Checks.requireBatch("data", data);
        long n = data.getShape().get(0);
        long validation = Math.max(1, Math.round(n * schedule.validationFraction()));
        if (n - validation < 1) {
            throw new IllegalArgumentException("need at least 2 samples to train with a validation split, got " + n);
        }
        NDManager root = data.getManager();
        int[] order = permutation((int) n, new Random(schedule.seed()));
        long[] validIdx = new long[(int) validation];
        long[] trainIdx = new long[(int) (n - validation)];
        for (int i = 0; i < n; i++) {
            if (i < validation) {
                validIdx[i] = order[i];
            } else {
                trainIdx[(int) (i - validation)] = order[i];
            }
        }
        Random shuffle = new Random(schedule.seed() * 31 + 17);
        List<EpochReport> reports = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        try (NDManager snapshot = root.newSubManager()) {
            Map<Parameter, NDArray> bestParameters = new LinkedHashMap<>();
            for (int epoch = 1; epoch <= schedule.epochs(); epoch++) {
                Engine.getInstance().setRandomSeed((int) (schedule.seed() * 1_000_003L + epoch));
                Map<String, Double> means = trainEpoch(data, trainIdx, shuffle, objective, groups, schedule.batchSize());
                double trainingLoss = means.values().stream().mapToDouble(Double::doubleValue).sum();
                Engine.getInstance().setRandomSeed((int) (schedule.seed() ^ 0x5DEECE66DL));
                double validationLoss = validate(data, validIdx, objective, schedule.batchSize());
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
                if (!Double.isFinite(trainingLoss)) {
                    throw new IllegalStateException("training diverged at epoch " + epoch + ": loss " + trainingLoss
                            + " (lower the learning rates or the loss weights)");
                }
                if (sinceBest >= schedule.patience()) {
                    break;
                }
            }
            restore(bestParameters);
        }
        return new Result(reports, bestEpoch, best);
    }

    private static Map<String, Double> trainEpoch(NDArray data, long[] trainIdx, Random shuffle, Objective objective,
            List<ParameterGroup> groups, int batchSize) {
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
                    LossTerms terms = trainStep(objective, batch, groups);
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

    private static double validate(NDArray data, long[] validIdx, Objective objective, int batchSize) {
        NDManager root = data.getManager();
        double total = 0;
        for (int start = 0; start < validIdx.length; start += batchSize) {
            int end = Math.min(validIdx.length, start + batchSize);
            try (NDManager batchScope = root.newSubManager()) {
                NDArray batch = rows(data, batchScope, validIdx, start, end);
                NDArray loss = objective.terms(batch, false).total();
                total += loss.toType(DataType.FLOAT64, false).getDouble() * (end - start);
            }
        }
        return total / validIdx.length;
    }

    /**
     * One training step on a batch: the objective's terms in training mode, one backward pass of
     * their total, one optimiser update per parameter group. The terms belong to the batch's manager.
     */
    public static LossTerms trainStep(Objective objective, NDArray batch, List<ParameterGroup> groups) {
        LossTerms terms;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            terms = objective.terms(batch, true);
            collector.backward(terms.total());
        }
        step(groups);
        return terms;
    }

    /** One optimiser step for every parameter that received a gradient, then zeroes the gradients. */
    private static void step(List<ParameterGroup> groups) {
        for (ParameterGroup group : groups) {
            for (Pair<String, Parameter> p : group.block().getParameters()) {
                NDArray weight = p.getValue().getArray();
                if (!weight.hasGradient()) {
                    continue;
                }
                try (NDArray grad = weight.getGradient()) {
                    group.optimizer().update(p.getValue().getId(), weight, grad);
                    grad.subi(grad);
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
