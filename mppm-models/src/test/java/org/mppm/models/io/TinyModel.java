package org.mppm.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.Pair;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test helper: a model of one linear block ({@code units} outputs, 4 inputs) and one array of
 * codes {@code [2, units]}, every value equal to {@code value}; its configuration records both,
 * so a load can check that parameters, codes and configuration belong together.
 */
final class TinyModel {
    static final String KIND = "tiny";

    record Config(int units, double value, double bandwidth) {}

    private TinyModel() {}

    static Block block(NDManager manager, int units, float value) {
        Block block = Linear.builder().setUnits(units).build();
        block.setInitializer(new ConstantInitializer(value), p -> true);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        return block;
    }

    /** The model's data files as {@link ModelDirectory#save} serialises them, by entry name. */
    static Map<String, byte[]> payload(int units, float value) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                block(manager, units, value).saveParameters(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("net.params", bytes.toByteArray(),
                    "codes.ndlist", new NDList(manager.full(new Shape(2, units), value)).encode());
        }
    }

    static void save(Path dir, int units, float value) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelDirectory.save(dir, KIND, 7, new Config(units, value, 0.5), Map.of("net", block(manager, units, value)),
                    Map.of("codes", new NDList(manager.full(new Shape(2, units), value))));
        }
    }

    /** Loads the model in {@code dir} and returns its value, after checking that all of it agrees. */
    static float load(Path dir) {
        ModelDirectory.Contents contents = ModelDirectory.read(dir, KIND);
        Config config = contents.config(Config.class);
        float value = (float) config.value();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = block(manager, config.units(), 0);
            contents.loadBlock("net", block, manager);
            for (Pair<String, Parameter> p : block.getParameters()) {
                requireAll(p.getValue().getArray(), value, p.getKey());
            }
            requireAll(contents.loadArrays("codes", manager).singletonOrThrow(), value, "codes");
        }
        return value;
    }

    private static void requireAll(NDArray array, float value, String what) {
        for (float v : array.toFloatArray()) {
            if (v != value) {
                throw new AssertionError(what + " holds " + v + ", the configuration says " + value);
            }
        }
    }
}
