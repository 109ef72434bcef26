package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** 2 x 2 max pooling gives the engine's {@code max_pool2d} to the bit, off and on the autograd graph. */
class MaxPool2x2Test {
    private static final Shape WINDOW = new Shape(2, 2);

    /**
     * Any batch, channels and sides (odd ones floored), float32 and float64, with ties and runs of
     * equal values (what ReLU outputs hold): the same bits as max_pool2d.
     */
    @Property(tries = 60)
    void offTheGraphItIsMaxPool2dToTheBit(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 5) int c,
            @ForAll @IntRange(min = 2, max = 19) int h, @ForAll @IntRange(min = 2, max = 19) int w,
            @ForAll boolean doubles, @ForAll long seed) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false); // off the graph: the fast form runs
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = values(manager, new Shape(n, c, h, w), seed, new float[] {0f, 0.5f, 1f, -2f});
            if (doubles) {
                x = x.toType(DataType.FLOAT64, false);
            }
            NDArray expected = Pool.maxPool2d(x, WINDOW, WINDOW, new Shape(0, 0), false);
            NDArray got = MaxPool2x2.apply(x);
            assertEquals(expected.getShape(), got.getShape());
            assertEquals(expected.getDataType(), got.getDataType());
            assertArrayEquals(bits(expected), bits(got));
            assertTrue(got.getManager() == manager, "the result belongs to the input's manager");
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /** Inside a collector, through an array that is not a leaf: the gradient max_pool2d routes, ties to the first maximum. */
    @Test
    void onTheGraphItRoutesGradientsAsMaxPool2d() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // ties inside windows: max_pool2d sends each window's gradient to its first maximum only
            NDArray x = manager.create(new float[] {1, 1, 0, 2, 1, 1, 2, 0, 3, -1, 5, 5, 3, 3, 5, 5}, new Shape(1, 1, 4, 4));
            NDArray weights = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            float[] expected = gradient(x, weights, v -> Pool.maxPool2d(v, WINDOW, WINDOW, new Shape(0, 0), false));
            float[] got = gradient(x, weights, MaxPool2x2::apply);
            assertArrayEquals(expected, got);
            // each window passes its weight to exactly one input
            assertEquals(10f, sum(got));
            assertEquals(4, IntStream.range(0, got.length).filter(i -> got[i] != 0).count());
        }
    }

    @Test
    void blockPoolsItsSingleInputAndHasNoParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = values(manager, new Shape(2, 3, 4, 6), 11, new float[] {0f, 1f});
            NDArray expected = Pool.maxPool2d(x, WINDOW, WINDOW, new Shape(0, 0), false);
            NDList out = MaxPool2x2.block().forward(new ParameterStore(manager, false), new NDList(x), false);
            assertArrayEquals(bits(expected), bits(out.singletonOrThrow()));
            assertTrue(MaxPool2x2.block().getParameters().isEmpty());
            assertArrayEquals(new Shape[] {new Shape(2, 3, 2, 3)}, MaxPool2x2.block().getOutputShapes(new Shape[] {x.getShape()}));
        }
    }

    /** Zeros of both signs in a window: a zero comes out (its sign may differ from max_pool2d's), and NaN propagates. */
    @Test
    void signedZerosGiveAZeroAndNanPropagates() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-0f, 0f, 0f, -0f, Float.NaN, 1f, 2f, 3f}, new Shape(1, 2, 2, 2));
            float[] got = MaxPool2x2.apply(x).toFloatArray();
            assertEquals(0f, Math.abs(got[0]));
            assertTrue(Float.isNaN(got[1]), "NaN in the window gives NaN");
        }
    }

    @Test
    void rejectsSidesBelowTwoAndOtherRanksNamingTheShape() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException thin = assertThrows(IllegalArgumentException.class,
                    () -> MaxPool2x2.apply(manager.zeros(new Shape(1, 1, 1, 4))));
            assertTrue(thin.getMessage().contains("(1, 1, 1, 4)"), thin.getMessage());
            IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                    () -> MaxPool2x2.apply(manager.zeros(new Shape(4, 4))));
            assertTrue(rank.getMessage().contains("[N, C, H, W]"), rank.getMessage());
            assertFalse(rank.getMessage().isEmpty());
        }
    }

    /** Values with many ties: drawn from a handful of levels or at random. */
    private static NDArray values(NDManager manager, Shape shape, long seed, float[] levels) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(3) == 0 ? (float) random.nextGaussian() : levels[random.nextInt(levels.length)];
        }
        return manager.create(v, shape);
    }

    /** The gradient reaching a leaf through an array inside the graph (leaf x 1), pooled by {@code pool}. */
    private static float[] gradient(NDArray x, NDArray weights, UnaryOperator<NDArray> pool) {
        NDArray leaf = x.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray inside = leaf.mul(leaf.getManager().ones(leaf.getShape()));
            collector.backward(pool.apply(inside).mul(weights).sum());
        }
        return leaf.getGradient().toFloatArray();
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }

    private static long[] bits(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            double[] d = a.toDoubleArray();
            long[] out = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = Double.doubleToRawLongBits(d[i]);
            }
            return out;
        }
        float[] f = a.toFloatArray();
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }
}
