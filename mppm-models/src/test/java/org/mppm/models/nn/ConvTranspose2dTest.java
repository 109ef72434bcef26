package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.provider.EnumSource;
import org.mppm.core.Scopes;
import org.mppm.core.SeededNoise;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every form of {@link ConvTranspose2d} against PyTorch's {@code conv_transpose2d} on fixed data
 * (fixtures written by {@code tools/make-convtranspose-fixtures.py}).
 */
class ConvTranspose2dTest {
    private static final String[] CASES = {"table7-64to32-7x7", "table7-32to1-14x14", "table8-k2s2p0", "k3s1p0",
        "k4s3p2op1", "k3s3p3op2-crop", "k1s2p0op1", "k5s2p1op0", "grad"};

    static Stream<Arguments> cases() {
        return Stream.of(CASES).flatMap(c -> Stream.of(ConvTranspose2d.Form.values()).map(f -> Arguments.of(c, f)));
    }

    static JsonObject fixture(String name) throws IOException {
        try (InputStream in = ConvTranspose2dTest.class.getResourceAsStream("convtranspose/" + name + ".json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    static NDArray array(NDManager nd, JsonObject f, String key) {
        JsonObject a = f.getAsJsonObject(key);
        JsonArray dims = a.getAsJsonArray("shape");
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).getAsLong();
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(a.get("data").getAsString())).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(data);
        return nd.create(data, new Shape(shape));
    }

    static int param(JsonObject f, String key) {
        return f.get(key).getAsInt();
    }

    static double maxAbsDiff(NDArray a, NDArray b) {
        assertEquals(b.getShape(), a.getShape());
        return a.sub(b).abs().max().getFloat();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorch(String name, ConvTranspose2d.Form form) throws IOException {
        JsonObject f = fixture(name);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray y = ConvTranspose2d.apply(array(nd, f, "x"), array(nd, f, "weight"), array(nd, f, "bias"),
                    param(f, "stride"), param(f, "padding"), param(f, "outputPadding"), form);
            double err = maxAbsDiff(y, array(nd, f, "y"));
            System.out.printf("convtranspose %s %s max abs error %.3g%n", name, form, err);
            assertTrue(err < 1e-5, name + " " + form + ": max abs error " + err);
        }
    }

    /** Gradients w.r.t. input, weight and bias equal torch autograd's for sum(y * gradOut). */
    @ParameterizedTest
    @MethodSource("forms")
    void gradientsMatchPyTorch(ConvTranspose2d.Form form) throws IOException {
        JsonObject f = fixture("grad");
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = array(nd, f, "x");
            NDArray w = array(nd, f, "weight");
            NDArray b = array(nd, f, "bias");
            NDArray g = array(nd, f, "gradOut");
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = ConvTranspose2d.apply(x, w, b, param(f, "stride"), param(f, "padding"), param(f, "outputPadding"), form);
                gc.backward(y.mul(g).sum());
            }
            double ex = maxAbsDiff(x.getGradient(), array(nd, f, "gradX"));
            double ew = maxAbsDiff(w.getGradient(), array(nd, f, "gradWeight"));
            double eb = maxAbsDiff(b.getGradient(), array(nd, f, "gradBias"));
            System.out.printf("convtranspose grad %s max abs error x %.3g weight %.3g bias %.3g%n", form, ex, ew, eb);
            assertTrue(ex < 1e-5 && ew < 1e-5 && eb < 1e-5, form + ": gradient errors x " + ex + ", weight " + ew + ", bias " + eb);
        }
    }

    static Stream<ConvTranspose2d.Form> forms() {
        return Stream.of(ConvTranspose2d.Form.values());
    }

    /** The block: PyTorch's parameter layout and init bounds, output shape, both forms agree, no leaks. */
    @Test
    void blockHasPyTorchParametersAndKeepsOnlyItsResult() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            ConvTranspose2d sub = new ConvTranspose2d(6, 4, 3, 2, 1, 1);
            sub.initialize(nd, DataType.FLOAT32, new Shape(1, 6, 5, 5));
            NDArray w = sub.getParameters().get("weight").getArray();
            NDArray b = sub.getParameters().get("bias").getArray();
            assertEquals(new Shape(6, 4, 3, 3), w.getShape());
            assertEquals(new Shape(4), b.getShape());
            double bound = 1 / Math.sqrt(4 * 9);
            assertTrue(w.abs().max().getFloat() <= bound && b.abs().max().getFloat() <= bound);
            assertTrue(w.abs().max().getFloat() > 0.8 * bound, "uniform over the whole range");

            try (NDManager caller = nd.newSubManager()) {
                NDArray x = caller.randomNormal(new Shape(3, 6, 5, 5));
                int before = caller.getManagedArrays().size();
                NDArray y = sub.forward(Stores.direct(), new NDList(x), false).singletonOrThrow();
                assertEquals(before + 1, caller.getManagedArrays().size(), "only the result stays with the caller");
                assertArrayEquals(new long[] {3, 4, 10, 10}, y.getShape().getShape());
                assertEquals(sub.getOutputShapes(new Shape[] {x.getShape()})[0], y.getShape());
                NDArray z = ConvTranspose2d.apply(x, w, b, 2, 1, 1, ConvTranspose2d.Form.ZERO_INSERTION);
                assertTrue(maxAbsDiff(y, z) < 1e-5);
            }
        }
    }

    /** On this engine the TorchScript forms run (no silent fall-back), and AUTO picks as documented. */
    @Test
    void torchScriptFormsRunOnThisEngineAndAutoPicksPerLayerAndPass() {
        assertEquals("available", ConvTranspose2d.torchScriptForms());
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.zeros(new Shape(1, 2, 3, 3));
            assertEquals(ConvTranspose2d.Form.ENGINE, ConvTranspose2d.Form.AUTO.resolve(x, 16, false));
            assertEquals(ConvTranspose2d.Form.ENGINE, ConvTranspose2d.Form.AUTO.resolve(x, 64, true));
            assertEquals(ConvTranspose2d.Form.FOLD, ConvTranspose2d.Form.AUTO.resolve(x, 15, false));
            assertEquals(ConvTranspose2d.Form.ENGINE_GEMM, ConvTranspose2d.Form.AUTO.resolve(x, 1, true));
            assertEquals(ConvTranspose2d.Form.ENGINE_GEMM, ConvTranspose2d.Form.AUTO.resolve(x, 15, true));
            assertEquals(ConvTranspose2d.Form.FOLD, ConvTranspose2d.Form.FOLD.resolve(x, 64, true));
            assertEquals(ConvTranspose2d.Form.ZERO_INSERTION, ConvTranspose2d.Form.ZERO_INSERTION.resolve(x, 64, false));
        }
    }

    /**
     * The one TorchScript module shared by 4 threads (16 calls at once, inference and training)
     * gives the bits of a sequential call, and leaves nothing with the caller but the result.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ConvTranspose2d.Form.class, names = {"ENGINE", "FOLD", "ENGINE_GEMM"})
    void torchScriptFormsGiveSequentialBitsOnManyThreads(ConvTranspose2d.Form form) throws Exception {
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise random = new SeededNoise(7);
            NDArray x = random.nextNormal(nd, new Shape(8, 16, 7, 7), DataType.FLOAT32, 1);
            NDArray w = random.nextNormal(nd, new Shape(16, 8, 3, 3), DataType.FLOAT32, 0.2);
            NDArray b = random.nextNormal(nd, new Shape(8), DataType.FLOAT32, 1);
            NDArray wGrad = w.duplicate();
            wGrad.setRequiresGradient(true);
            float[] inference = ConvTranspose2d.apply(x, w, b, 2, 1, 1, form).toFloatArray();
            float[] training = ConvTranspose2d.apply(x, wGrad, b, 2, 1, 1, form).toFloatArray();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    NDArray weight = i % 2 == 0 ? w : wGrad;
                    results.add(pool.submit(() -> {
                        try (NDManager local = nd.newSubManager()) {
                            NDArray mine = Scopes.alias(x, local);
                            int before = local.getManagedArrays().size();
                            NDArray y = ConvTranspose2d.apply(mine, weight, b, 2, 1, 1, form);
                            assertEquals(before + 1, local.getManagedArrays().size(), "only the result stays with the caller");
                            return y.toFloatArray();
                        }
                    }));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertArrayEquals(i % 2 == 0 ? inference : training, results.get(i).get(), "call " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Array names (which DJL's TorchScript call reads as list, tuple or dict markers) change nothing. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ConvTranspose2d.Form.class, names = {"ENGINE", "FOLD", "ENGINE_GEMM"})
    void namedInputsGiveTheSameResult(ConvTranspose2d.Form form) {
        try (NDManager nd = NDManager.newBaseManager()) {
            SeededNoise random = new SeededNoise(11);
            NDArray x = random.nextNormal(nd, new Shape(2, 4, 5, 5), DataType.FLOAT32, 1);
            NDArray w = random.nextNormal(nd, new Shape(4, 3, 3, 3), DataType.FLOAT32, 0.3);
            NDArray b = random.nextNormal(nd, new Shape(3), DataType.FLOAT32, 1);
            float[] plain = ConvTranspose2d.apply(x, w, b, 2, 1, 1, form).toFloatArray();
            x.setName("images.batch");
            w.setName("weight[]");
            b.setName("bias()");
            assertArrayEquals(plain, ConvTranspose2d.apply(x, w, b, 2, 1, 1, form).toFloatArray());
            w.setRequiresGradient(true);
            assertArrayEquals(plain, ConvTranspose2d.apply(x, w, b, 2, 1, 1, form).toFloatArray());
        }
    }

    @Test
    void rejectsBadShapesAndGeometry() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray w = nd.zeros(new Shape(2, 3, 3, 3));
            NDArray b = nd.zeros(new Shape(3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConvTranspose2d.apply(nd.zeros(new Shape(1, 5, 4, 4)), w, b, 2, 1, 1, ConvTranspose2d.Form.SUB_PIXEL));
            assertTrue(e.getMessage().contains("[B, 2, H, W]") && e.getMessage().contains("(1, 5, 4, 4)"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> ConvTranspose2d.apply(nd.zeros(new Shape(1, 2, 4, 4)), w, nd.zeros(new Shape(2)), 2, 1, 1, ConvTranspose2d.Form.SUB_PIXEL));
            assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(2, 3, 3, 2, 1, 2));
            assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(2, 3, 3, 0, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(0, 3, 3, 1, 0, 0));
        }
    }
}
