package org.mppm.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LatentSpaceTest {

    private static MlpAutoencoder autoencoder(NDManager nd) {
        Engine.getInstance().setRandomSeed(3);
        MlpAutoencoder ae = new MlpAutoencoder(new int[] {5, 8, 3});
        ae.initialize(nd, DataType.FLOAT64, new Shape(1, 5));
        return ae;
    }

    @Test
    void referenceCodesAreStandardisedAndDecodeInvertsTheStandardisation() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MlpAutoencoder ae = autoencoder(nd);
            NDArray reference = nd.randomUniform(-2, 2, new Shape(2500, 5), DataType.FLOAT64); // > one batch of 1,024
            LatentSpace latent = LatentSpace.of(ae, reference);
            assertEquals(3, latent.dimension());
            NDArray u = latent.encode(reference);
            assertEquals(new Shape(2500, 3), u.getShape());
            assertEquals(DataType.FLOAT64, u.getDataType());
            assertArrayEquals(new double[3], u.mean(new int[] {0}).toDoubleArray(), 1e-9, "mean code 0");
            assertEquals(1, u.square().mean().getDouble(), 1e-9, "unit mean square per coordinate");

            // the scale is one number: distances between codes shrink by exactly s
            NDArray raw = Codes.encodeAll(ae, reference.get("0:2"));
            double rawDistance = raw.get(0).sub(raw.get(1)).norm().getDouble();
            double distance = u.get(0).sub(u.get(1)).norm().getDouble();
            assertEquals(rawDistance / latent.scale(), distance, 1e-9);

            // decode(encode(x)) = G(F(x)) for every row, in batches
            NDArray roundTrip = latent.decode(u);
            NDArray direct = ae.decode(Stores.direct(), Codes.encodeAll(ae, reference), false);
            assertEquals(reference.getShape(), roundTrip.getShape());
            assertTrue(roundTrip.sub(direct).abs().max().getDouble() < 1e-9);
        }
    }

    @Test
    void rejectsBadInput() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MlpAutoencoder ae = autoencoder(nd);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LatentSpace.of(ae, nd.zeros(new Shape(4, 6), DataType.FLOAT64)));
            assertTrue(e.getMessage().contains("reference"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> LatentSpace.of(ae, nd.zeros(new Shape(1, 5), DataType.FLOAT64)));
            LatentSpace latent = LatentSpace.of(ae, nd.randomUniform(0, 1, new Shape(10, 5), DataType.FLOAT64));
            e = assertThrows(IllegalArgumentException.class, () -> latent.decode(nd.zeros(new Shape(2, 4))));
            assertTrue(e.getMessage().contains("u"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> latent.decode(nd.create(new double[][] {{0, Double.NaN, 0}})));
        }
    }
}
