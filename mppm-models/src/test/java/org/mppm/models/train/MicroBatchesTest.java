package org.mppm.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.mppm.core.SeededNoise;
import org.mppm.models.dae.DaeLoss;
import org.mppm.models.ldm.DdpmLoss;
import org.mppm.models.ldm.DdpmSchedule;
import org.mppm.models.ldm.NoisePredictor;
import org.mppm.models.lmppm.Eq14Loss;
import org.mppm.models.lmppm.Eq14Weights;
import org.mppm.models.lmppm.NearestClean;
import org.mppm.models.mppm.Eq13Loss;
import org.mppm.models.mppm.Eq13Weights;
import org.mppm.models.nn.MlpAutoencoder;
import org.mppm.models.nn.MnistConvAutoencoder;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.SeededInitializer;
import org.mppm.models.nn.Stores;

class MicroBatchesTest {

    /**
     * {@code mean_i (f(x_i) - sum(x_i))^2} with a float64 MLP f, reading f through its store: its rows
     * are independent, so its batches may be split and run at once.
     */
    private record RowMse(Mlp f, ParameterStore store) implements Objective {
        @Override
        public LossTerms terms(NDArray clean, boolean training, SeededNoise random) {
            NDArray y = f.forward(store, new NDList(clean), training).singletonOrThrow();
            NDArray target = clean.sum(new int[] {1}, true);
            return new LossTerms().add("mse", y.sub(target).square().mean()).add("mean", y.mean());
        }

        @Override
        public Optional<Objective> withStore(ParameterStore other) {
            return Optional.of(new RowMse(f, other));
        }
    }

    /** The same loss without {@link Objective#withStore}: its parts run one after another on the parameters. */
    private record Sequential(Objective inner) implements Objective {
        @Override
        public LossTerms terms(NDArray clean, boolean training, SeededNoise random) {
            return inner.terms(clean, training, random);
        }
    }

    private static List<ParameterGroup> groups(Mlp f) {
        return List.of(ParameterGroup.adam("f", f, 1e-3, 0));
    }

    /** The whole batch's gradient, read from the parameters and zeroed there, in parameter order. */
    private static List<double[]> wholeGradient(Objective objective, Mlp f, NDArray batch, double[] termsOut) {
        List<double[]> out = new ArrayList<>();
        try (GradientRecording collector = new GradientRecording()) {
            LossTerms terms = objective.terms(batch, true, new SeededNoise(1));
            collector.backward(terms.total());
            termsOut[0] = terms.get("mse").getDouble();
            termsOut[1] = terms.get("mean").getDouble();
        }
        for (Pair<String, Parameter> p : f.getParameters()) {
            try (NDArray g = p.getValue().getArray().getGradient()) {
                out.add(g.toDoubleArray());
                g.subi(g);
            }
        }
        return out;
    }

    /** The parts' gradient of {@code block}'s parameters: the returned sums, or else the parameters' own (then zeroed). */
    private static List<double[]> partsGradient(MicroBatches.Step step, Block block) {
        List<double[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray given = step.gradients().get(p.getValue());
            try (NDArray g = given != null ? given : p.getValue().getArray().getGradient()) {
                out.add(g.toDoubleArray());
                if (given == null) {
                    g.subi(g);
                }
            }
        }
        return out;
    }

    private static double maxDifference(List<double[]> a, List<double[]> b) {
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).length, b.get(i).length);
            for (int j = 0; j < a.get(i).length; j++) {
                worst = Math.max(worst, Math.abs(a.get(i)[j] - b.get(i)[j]));
            }
        }
        return worst;
    }

    /**
     * For any batch size and number of parts, the row-weighted sum of the parts' gradients is the
     * whole batch's gradient (float64, to rounding), and so are the reported terms; with parameter
     * aliases on several threads and one after another on the parameters alike.
     */
    @Property(tries = 25)
    void partsSumToTheBatchGradient(@ForAll @IntRange(min = 1, max = 11) int rows,
            @ForAll @IntRange(min = 2, max = 5) int parts, @ForAll @IntRange(min = 1, max = 3) int threads) {
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp f = new Mlp(new int[] {3, 6, 4, 1}, 0);
            SeededInitializer.initialize(f, nd, DataType.FLOAT64, new SeededNoise(rows * 31L + parts), new Shape(1, 3));
            NDArray batch = new SeededNoise(rows).nextUniform(nd, new Shape(rows, 3), DataType.FLOAT64, -1, 1);
            Objective split = new RowMse(f, Stores.direct());
            double[] whole = new double[2];
            List<double[]> expected = wholeGradient(split, f, batch, whole);
            for (Objective objective : List.of(split, new Sequential(split))) {
                try (NDManager scope = nd.newSubManager()) {
                    NDArray rowsOfBatch = batch.duplicate();
                    rowsOfBatch.attach(scope);
                    MicroBatches.Step step;
                    try (GradientRecording collector = new GradientRecording()) {
                        step = MicroBatches.run(objective, rowsOfBatch, groups(f), new SeededNoise(2), parts, collector, threads);
                    }
                    assertEquals(objective == split, step.gradients().values().stream().allMatch(g -> g != null),
                            "aliases exactly for an objective that reads parameters through a store");
                    double worst = maxDifference(expected, partsGradient(step, f));
                    assertTrue(worst < 1e-12, "gradient differs by " + worst + " (" + rows + " rows, " + parts + " parts)");
                    assertEquals(whole[0], step.terms().get("mse").getDouble(), 1e-12);
                    assertEquals(whole[1], step.terms().get("mean").getDouble(), 1e-12);
                }
            }
        }
    }

    /**
     * Eq. 14 on Table 7's convolutional autoencoder (transposed convolutions, D's dropout, noise):
     * three parts give the same bits on one thread and on three, every time; the parameters' own
     * gradients are untouched and nothing is left in the model's manager.
     */
    @Test
    void partsGiveTheSameBitsOnAnyNumberOfThreads() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise init = new SeededNoise(5);
            MnistConvAutoencoder ae = new MnistConvAutoencoder(8);
            Mlp d = new Mlp(new int[] {8, 10, 1}, 0.2f);
            SeededInitializer.initialize(ae, nd, DataType.FLOAT32, init, new Shape(1, 1, 28, 28));
            SeededInitializer.initialize(d, nd, DataType.FLOAT32, init, new Shape(1, 8));
            NDArray clean = init.nextUniform(nd, new Shape(40, 1, 28, 28), DataType.FLOAT32, 0, 1);
            List<ParameterGroup> groups = List.of(ParameterGroup.adam("ae", ae, 1e-3, 0), ParameterGroup.adam("d", d, 1e-5, 0));
            try (NearestClean nearest = new NearestClean(clean)) {
                Eq14Loss loss = new Eq14Loss(ae, d, nearest, Eq14Weights.ones(), 0.4, true);
                assertTrue(loss.withStore(Stores.direct()).isPresent());
                NDArray batch = clean.get("0:24");
                int arrays = nd.getManagedArrays().size();
                List<float[]> first = null;
                for (int threads : new int[] {1, 3, 2, 1}) {
                    List<float[]> grads = new ArrayList<>();
                    try (NDManager scope = nd.newSubManager()) {
                        NDArray rows = batch.duplicate();
                        rows.attach(scope);
                        MicroBatches.Step step;
                        try (GradientRecording collector = new GradientRecording()) {
                            step = MicroBatches.run(loss, rows, groups, new SeededNoise(9), 3, collector, threads);
                        }
                        for (Map.Entry<Parameter, NDArray> e : step.gradients().entrySet()) {
                            grads.add(e.getValue().toFloatArray());
                            e.getValue().close();
                        }
                        assertTrue(Double.isFinite(step.terms().total().getFloat()));
                    }
                    if (first == null) {
                        first = grads;
                        assertTrue(grads.stream().anyMatch(g -> maxAbs(g) > 0), "the parts back-propagated");
                    } else {
                        assertEquals(first.size(), grads.size());
                        for (int i = 0; i < grads.size(); i++) {
                            assertArrayEquals(first.get(i), grads.get(i), "parameter " + i + " on " + threads + " threads");
                        }
                    }
                }
                assertEquals(arrays, nd.getManagedArrays().size(), "the parts leave nothing in the model's manager");
            }
        }
    }

    /**
     * The library's objectives read every parameter through the store they are given: their parts
     * on aliases (two threads) give the gradient their parts give one after another on the
     * parameters themselves, with the same noise streams (float64, to 1e-12).
     */
    @Test
    void everyObjectiveReadsAllItsParametersThroughItsStore() {
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise init = new SeededNoise(6);
            MlpAutoencoder ae = new MlpAutoencoder(new int[] {3, 6, 2});
            Mlp d = new Mlp(new int[] {3, 7, 1}, 0.2f);
            Mlp dz = new Mlp(new int[] {2, 7, 5, 1}, 0.2f);
            NoisePredictor predictor = new NoisePredictor(3, 4, 8);
            SeededInitializer.initialize(ae, nd, DataType.FLOAT64, init, new Shape(1, 3));
            SeededInitializer.initialize(d, nd, DataType.FLOAT64, init, new Shape(1, 3));
            SeededInitializer.initialize(dz, nd, DataType.FLOAT64, init, new Shape(1, 2));
            SeededInitializer.initialize(predictor, nd, DataType.FLOAT64, init, new Shape(1, 3), new Shape(1, 1));
            NDArray points = init.nextUniform(nd, new Shape(9, 3), DataType.FLOAT64, 0, 1);
            try (NearestClean nearest = new NearestClean(points)) {
                ParameterGroup f = ParameterGroup.adam("ae", ae, 1e-3, 0);
                Map<String, Objective> objectives = new LinkedHashMap<>();
                Map<String, List<ParameterGroup>> groups = new HashMap<>();
                objectives.put("Eq. 13", new Eq13Loss(ae, d, Eq13Weights.ones(), 0.1));
                groups.put("Eq. 13", List.of(f, ParameterGroup.adam("d", d, 1e-3, 0)));
                objectives.put("Eq. 14", new Eq14Loss(ae, dz, nearest, Eq14Weights.ones(), 0.1, false));
                groups.put("Eq. 14", List.of(f, ParameterGroup.adam("d", dz, 1e-3, 0)));
                objectives.put("DAE", new DaeLoss(ae, 0.1));
                groups.put("DAE", List.of(f));
                objectives.put("DDPM", new DdpmLoss(predictor, DdpmSchedule.linear(1e-4, 0.02, 50)));
                groups.put("DDPM", List.of(ParameterGroup.adam("eps", predictor, 1e-3, 0)));
                for (Map.Entry<String, Objective> o : objectives.entrySet()) {
                    assertTrue(o.getValue().withStore(Stores.direct()).isPresent(), o.getKey());
                    List<double[]> aliased = gradients(o.getValue(), points, groups.get(o.getKey()), 2);
                    List<double[]> onParameters = gradients(new Sequential(o.getValue()), points, groups.get(o.getKey()), 1);
                    double worst = maxDifference(aliased, onParameters);
                    assertTrue(worst < 1e-12, o.getKey() + ": gradients differ by " + worst);
                    assertTrue(aliased.stream().anyMatch(g -> Arrays.stream(g).anyMatch(v -> v != 0)), o.getKey());
                }
            }
        }
    }

    /** Every trainable parameter's gradient of a 3-part step, in the groups' order; the parameters' own are zeroed after. */
    private static List<double[]> gradients(Objective objective, NDArray points, List<ParameterGroup> groups, int threads) {
        List<double[]> out = new ArrayList<>();
        try (NDManager scope = points.getManager().newSubManager()) {
            NDArray batch = points.duplicate();
            batch.attach(scope);
            MicroBatches.Step step;
            try (GradientRecording collector = new GradientRecording()) {
                step = MicroBatches.run(objective, batch, groups, new SeededNoise(8), 3, collector, threads);
            }
            for (ParameterGroup group : groups) {
                out.addAll(partsGradient(step, group.block()));
            }
        }
        return out;
    }

    /**
     * A part that fails on another thread: the step throws its error after every part has
     * finished, leaves nothing behind, and the next step runs.
     */
    @Test
    void aFailingPartFailsTheStepCleanly() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp f = new Mlp(new int[] {3, 4, 1}, 0);
            SeededInitializer.initialize(f, nd, DataType.FLOAT64, new SeededNoise(4), new Shape(1, 3));
            Objective rows = new RowMse(f, Stores.direct());
            Objective failing = new Objective() {
                @Override
                public LossTerms terms(NDArray clean, boolean training, SeededNoise random) {
                    if (clean.getDouble(0, 0) > 100) {
                        throw new IllegalStateException("bad part");
                    }
                    return rows.terms(clean, training, random);
                }

                @Override
                public Optional<Objective> withStore(ParameterStore store) {
                    Objective inner = rows.withStore(store).orElseThrow();
                    return Optional.of((clean, training, random) -> {
                        if (clean.getDouble(0, 0) > 100) {
                            throw new IllegalStateException("bad part");
                        }
                        return inner.terms(clean, training, random);
                    });
                }
            };
            NDArray batch = nd.create(new double[] {0, 1, 2, 3, 4, 5, 1000, 1, 2, 3, 4, 5}, new Shape(4, 3));
            int arrays = nd.getManagedArrays().size();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Fitter.trainStep(failing, batch, groups(f), new SeededNoise(1), 2));
            assertEquals("bad part", e.getMessage());
            assertEquals(arrays, nd.getManagedArrays().size(), "nothing left behind");
            NDArray fine = nd.create(new double[] {0, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5}, new Shape(4, 3));
            Fitter.trainStep(failing, fine, groups(f), new SeededNoise(1), 2).total().close();
        }
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** A fit in two micro-batches trains (a line through y = 2x - 1) and gives the same bits twice. */
    @Test
    void fitsInMicroBatchesReproducibly() {
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (NDManager nd = NDManager.newBaseManager()) {
                Mlp line = new Mlp(new int[] {1, 1}, 0);
                SeededInitializer.initialize(line, nd, DataType.FLOAT32, new SeededNoise(3), new Shape(1, 1));
                NDArray data = nd.linspace(-1f, 1f, 400).reshape(400, 1);
                Objective mse = new LineMse(line, Stores.direct());
                int before = nd.getManagedArrays().size();
                Fitter.Result r = Fitter.fit(data, mse, List.of(ParameterGroup.adam("line", line, 0.05, 0)),
                        new TrainingSchedule(200, 32, 200, 0.1, 3, 2), TrainingListener.NONE);
                assertEquals(before, nd.getManagedArrays().size(), "training leaves nothing behind in the data's manager");
                assertTrue(r.bestValidationLoss() < 1e-4, "validation loss " + r.bestValidationLoss());
                weights[run] = line.getParameters().get("01linear1_weight").getArray().toFloatArray();
                assertEquals(2f, weights[run][0], 0.02f);
            }
        }
        assertArrayEquals(weights[0], weights[1]);
    }

    private record LineMse(Mlp line, ParameterStore store) implements Objective {
        @Override
        public LossTerms terms(NDArray batch, boolean training, SeededNoise random) {
            NDArray y = line.forward(store, new NDList(batch), training).singletonOrThrow();
            return new LossTerms().add("mse", y.sub(batch.mul(2).sub(1)).square().mean());
        }

        @Override
        public Optional<Objective> withStore(ParameterStore other) {
            return Optional.of(new LineMse(line, other));
        }
    }

    /** Saved schedules: 1 part is not written (schedules saved before the field read as 1), others are. */
    @Test
    void scheduleJsonOmitsOnePartAndReadsItsAbsenceAsOne() {
        Gson gson = new Gson();
        TrainingSchedule whole = new TrainingSchedule(15, 128, 8, 0.1, 7);
        String json = gson.toJson(whole);
        assertFalse(json.contains("microBatches"), json);
        assertEquals(whole, gson.fromJson(json, TrainingSchedule.class));
        TrainingSchedule two = whole.withMicroBatches(2);
        String twoJson = gson.toJson(two);
        assertTrue(twoJson.contains("\"microBatches\":2"), twoJson);
        assertEquals(two, gson.fromJson(twoJson, TrainingSchedule.class));
        assertEquals(1, gson.fromJson("{\"epochs\":3,\"batchSize\":4,\"patience\":2,\"validationFraction\":0.1,\"seed\":1}",
                TrainingSchedule.class).microBatches());
    }

    @Test
    void rejectsFewerThanOnePart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainingSchedule(1, 8, 1, 0, 1, 0));
        assertTrue(e.getMessage().contains("microBatches"), e.getMessage());
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp line = new Mlp(new int[] {1, 1}, 0);
            SeededInitializer.initialize(line, nd, DataType.FLOAT32, new SeededNoise(3), new Shape(1, 1));
            IllegalArgumentException step = assertThrows(IllegalArgumentException.class, () -> Fitter.trainStep(
                    new LineMse(line, Stores.direct()), nd.zeros(new Shape(4, 1)), List.of(ParameterGroup.adam("l", line, 0.1, 0)),
                    new SeededNoise(1), 0));
            assertTrue(step.getMessage().contains("microBatches"), step.getMessage());
        }
    }
}
