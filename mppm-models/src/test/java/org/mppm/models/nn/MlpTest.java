package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.mppm.core.SeededNoise;

class MlpTest {

    static Mlp mlp(NDManager nd, int[] sizes, float dropout, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Mlp m = new Mlp(sizes, dropout);
        m.initialize(nd, DataType.FLOAT64, new Shape(1, sizes[0]));
        return m;
    }

    /** The closed-form input gradient equals central finite differences (float64), inputs random. */
    @Property(tries = 15)
    void inputGradientMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 6) int dim, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp m = mlp(nd, new int[] {dim, 9, 5, 1}, 0.2f, seed);
            NDArray x = nd.randomNormal(0, 1, new Shape(7, dim), DataType.FLOAT64);
            double[] g = m.forwardWithInputGradient(Stores.direct(), x, false).get(1).toDoubleArray();
            double h = 1e-6;
            for (int j = 0; j < dim; j++) {
                double[] e = new double[dim];
                e[j] = h;
                NDArray step = nd.create(e).reshape(1, dim);
                double[] up = m.forward(Stores.direct(), new NDList(x.add(step)), false).singletonOrThrow().toDoubleArray();
                double[] down = m.forward(Stores.direct(), new NDList(x.sub(step)), false).singletonOrThrow().toDoubleArray();
                for (int i = 0; i < 7; i++) {
                    assertEquals((up[i] - down[i]) / (2 * h), g[i * dim + j], 1e-6, "d f / d x_" + j + " of sample " + i);
                }
            }
        }
    }

    /** On a leaf it equals autograd's input gradient, in training mode too (same dropout masks). */
    @Property(tries = 10)
    void inputGradientMatchesAutogradOnALeaf(@ForAll @IntRange(min = 0, max = 1000) int seed) {
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp m = mlp(nd, new int[] {4, 16, 8, 1}, 0.2f, seed);
            NDArray x = nd.randomNormal(0, 1, new Shape(5, 4), DataType.FLOAT64);
            x.setRequiresGradient(true);
            double[] closed;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = m.forwardWithInputGradient(Stores.direct(), x, new SeededNoise(seed));
                closed = out.get(1).toDoubleArray();
                gc.backward(out.get(0).sum());
            }
            double[] auto = x.getGradient().toDoubleArray();
            for (int i = 0; i < auto.length; i++) {
                assertEquals(auto[i], closed[i], 1e-12);
            }
        }
    }

    @Property(tries = 5)
    void rejectsNonScalarGradientsAndBadSizes(@ForAll @IntRange(min = 2, max = 4) int out) {
        try (NDManager nd = NDManager.newBaseManager()) {
            Mlp m = mlp(nd, new int[] {3, 4, out}, 0, 1);
            NDArray x = nd.zeros(new Shape(2, 3), DataType.FLOAT64);
            assertThrows(IllegalStateException.class, () -> m.forwardWithInputGradient(Stores.direct(), x, false));
        }
        assertThrows(IllegalArgumentException.class, () -> new Mlp(new int[] {3}, 0));
        assertThrows(IllegalArgumentException.class, () -> new Mlp(new int[] {3, 1}, 1f));
    }
}
