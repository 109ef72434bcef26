package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.mppm.models.data.MnistData;

class MnistConvAutoencoderTest {

    static MnistConvAutoencoder autoencoder(NDManager nd, int latent, ConvTranspose2d.Form form, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        MnistConvAutoencoder ae = new MnistConvAutoencoder(latent, 1, 28, form);
        ae.initialize(nd, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        return ae;
    }

    @Test
    void shapesAndOutputsInTheUnitInterval() {
        try (NDManager nd = NDManager.newBaseManager()) {
            for (ConvTranspose2d.Form form : ConvTranspose2d.Form.values()) {
                MnistConvAutoencoder ae = autoencoder(nd, 18, form, 1);
                assertEquals(18, ae.latentDimension());
                assertEquals(new Shape(1, 28, 28), ae.sampleShape());
                NDArray x = nd.randomUniform(0, 1, new Shape(5, 1, 28, 28));
                NDArray z = ae.encode(Stores.direct(), x, false);
                assertEquals(new Shape(5, 18), z.getShape());
                NDArray y = ae.decode(Stores.direct(), z.mul(20), false);
                assertEquals(new Shape(5, 1, 28, 28), y.getShape());
                assertTrue(y.gt(0).all().getBoolean() && y.lt(1).all().getBoolean(), form + ": sigmoid outputs lie in (0, 1)");
            }
            MnistConvAutoencoder small = new MnistConvAutoencoder(4, 3, 12, ConvTranspose2d.Form.SUB_PIXEL);
            small.initialize(nd, DataType.FLOAT32, new Shape(1, 3, 12, 12));
            NDArray z = small.encode(Stores.direct(), nd.zeros(new Shape(2, 3, 12, 12)), false);
            assertEquals(new Shape(2, 4), z.getShape());
            assertEquals(new Shape(2, 3, 12, 12), small.decode(Stores.direct(), z, false).getShape());
        }
    }

    @Test
    void sameSeedSameParametersAndBothFormsAgree() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MnistConvAutoencoder a = autoencoder(nd, 18, ConvTranspose2d.Form.SUB_PIXEL, 5);
            MnistConvAutoencoder b = autoencoder(nd, 18, ConvTranspose2d.Form.ZERO_INSERTION, 5);
            NDArray x = nd.randomUniform(0, 1, new Shape(3, 1, 28, 28));
            NDArray ya = a.decode(Stores.direct(), a.encode(Stores.direct(), x, false), false);
            NDArray yb = b.decode(Stores.direct(), b.encode(Stores.direct(), x, false), false);
            assertTrue(ya.sub(yb).abs().max().getFloat() < 1e-5);
        }
    }

    /** Saved parameters (the transposed convolutions' own included) load into a fresh block. */
    @Test
    void parametersSaveAndLoad() throws java.io.IOException, ai.djl.MalformedModelException {
        try (NDManager nd = NDManager.newBaseManager()) {
            MnistConvAutoencoder a = autoencoder(nd, 18, ConvTranspose2d.Form.SUB_PIXEL, 2);
            MnistConvAutoencoder b = autoencoder(nd, 18, ConvTranspose2d.Form.SUB_PIXEL, 3);
            // b is not run before loading: Stores.direct() keeps the arrays it first handed out
            int last = a.getParameters().size() - 1;
            assertTrue(a.getParameters().valueAt(last).getArray().sub(b.getParameters().valueAt(last).getArray())
                    .abs().max().getFloat() > 0, "different seeds, different parameters");
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            a.saveParameters(new java.io.DataOutputStream(bytes));
            b.loadParameters(nd, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            NDArray z = nd.randomNormal(new Shape(2, 18));
            NDArray ya = a.decode(Stores.direct(), z, false);
            NDArray yb = b.decode(Stores.direct(), z, false);
            assertEquals(0f, ya.sub(yb).abs().max().getFloat());
        }
    }

    @Test
    void rejectsBadShapes() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MnistConvAutoencoder ae = autoencoder(nd, 18, ConvTranspose2d.Form.SUB_PIXEL, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ae.encode(Stores.direct(), nd.zeros(new Shape(2, 28, 28)), false));
            assertTrue(e.getMessage().contains("[B, 1, 28, 28]") && e.getMessage().contains("(2, 28, 28)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ae.decode(Stores.direct(), nd.zeros(new Shape(2, 17)), false));
            assertTrue(e.getMessage().contains("[B, 18]") && e.getMessage().contains("(2, 17)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new MnistConvAutoencoder(18, 1, 30, ConvTranspose2d.Form.SUB_PIXEL));
            assertThrows(IllegalArgumentException.class, () -> new MnistConvAutoencoder(0));
        }
    }

    /** Repeated encode/decode calls leave only their results with the caller. */
    @Test
    void onlyResultsStayWithTheCaller() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MnistConvAutoencoder ae = autoencoder(nd, 18, ConvTranspose2d.Form.SUB_PIXEL, 1);
            try (NDManager caller = nd.newSubManager()) {
                NDArray x = caller.randomUniform(0, 1, new Shape(4, 1, 28, 28));
                int before = caller.getManagedArrays().size();
                for (int i = 0; i < 5; i++) {
                    try (NDArray z = ae.encode(Stores.direct(), x, false); NDArray y = ae.decode(Stores.direct(), z, false)) {
                        assertEquals(before + 2, caller.getManagedArrays().size());
                    }
                }
                assertEquals(before, caller.getManagedArrays().size());
            }
        }
    }

    /** A few dozen Adam steps on eight digits cut the reconstruction error a lot. */
    @Test
    void overfitsAFewDigits() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MnistConvAutoencoder ae = autoencoder(nd, 18, ConvTranspose2d.Form.SUB_PIXEL, 11);
            NDArray x = MnistData.embedded().train().head(8).images(nd).toType(DataType.FLOAT32, false);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-3f)).build();
            float first = 0;
            float last = 0;
            for (int step = 0; step < 60; step++) {
                try (NDManager batch = nd.newSubManager()) {
                    NDArray loss;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = ae.forward(Stores.direct(), new ai.djl.ndarray.NDList(x), true).singletonOrThrow();
                        y.attach(batch);
                        loss = y.sub(x).square().mean();
                        loss.attach(batch);
                        gc.backward(loss);
                    }
                    for (Pair<String, Parameter> p : ae.getParameters()) {
                        NDArray w = p.getValue().getArray();
                        try (NDArray g = w.getGradient()) {
                            adam.update(p.getValue().getId(), w, g);
                            g.subi(g);
                        }
                    }
                    last = loss.getFloat();
                    if (step == 0) {
                        first = last;
                    }
                }
            }
            System.out.printf("conv autoencoder overfit: mse %.4f -> %.4f%n", first, last);
            assertTrue(last < 0.35 * first, "mse " + first + " -> " + last);
        }
    }
}
