package org.mppm.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.mppm.core.SeededNoise;
import org.mppm.models.ldm.NoisePredictor;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.MnistConvAutoencoder;
import org.mppm.models.nn.SeededInitializer;

/**
 * The FLOP counts against the real blocks: every layer's multiply-adds are its weight's entries
 * times the positions it is applied at (1 for a linear layer; the output positions of a
 * convolution, the input positions of a transposed one).
 */
class FlopCountsTest {

    /** Twice the weight entries of the child of {@code block} whose name ends with {@code name}. */
    private static long twiceWeights(Block block, String name) {
        for (Pair<String, Block> child : block.getChildren()) {
            if (child.getKey().endsWith(name)) {
                return 2 * weights(child.getValue());
            }
        }
        throw new AssertionError("no child " + name + " in " + block.getChildren().keys());
    }

    /** The weight entries of a block and all its children ({@code getParameters} includes the children's). */
    private static long weights(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                n += p.getValue().getArray().getShape().size();
            }
        }
        return n;
    }

    @Test
    void table7CountsAreTheAutoencodersWeightsTimesTheirPositions() {
        try (NDManager nd = NDManager.newBaseManager()) {
            MnistConvAutoencoder ae = new MnistConvAutoencoder(18);
            SeededInitializer.initialize(ae, nd, DataType.FLOAT32, new SeededNoise(0), new Shape(1, 1, 28, 28));
            long encoder = twiceWeights(ae, "conv1") * 14 * 14 + twiceWeights(ae, "conv2") * 7 * 7
                    + twiceWeights(ae, "toLatent");
            long decoder = twiceWeights(ae, "fromLatent") + twiceWeights(ae, "deconv1") * 7 * 7
                    + twiceWeights(ae, "deconv2") * 14 * 14;
            assertEquals(encoder, FlopCounts.table7Encoder(18));
            assertEquals(decoder, FlopCounts.table7Decoder(18));
            assertEquals(2_032_128, encoder);
            assertEquals(twiceWeights(ae, "conv1") * 14 * 14, FlopCounts.table7FirstConv());
            assertEquals(encoder + decoder, FlopCounts.daeImage(18));
        }
    }

    @Test
    void mlpAndNoisePredictorCountsAreTwiceTheirWeights() {
        try (NDManager nd = NDManager.newBaseManager()) {
            int[] distance = {18, 100, 50, 20, 1};
            Mlp mlp = new Mlp(distance, 0.2f);
            SeededInitializer.initialize(mlp, nd, DataType.FLOAT32, new SeededNoise(0), new Shape(1, 18));
            assertEquals(2 * weights(mlp), FlopCounts.mlp(distance));
            assertEquals(15_640, FlopCounts.mlp(distance));

            NoisePredictor predictor = new NoisePredictor(18, 128, 256, 512, 256);
            predictor.initialize(nd, new SeededNoise(0));
            long perStep = 2 * weights(predictor);
            assertEquals(641_280, perStep);
            assertEquals(FlopCounts.daeImage(18) + 200 * perStep, FlopCounts.ldmImage(18, 128, new int[] {256, 512, 256}, 200));
        }
    }

    @Test
    void trainingAndAlgorithm2CountsAddUpTheirPasses() {
        int[] distance = {18, 100, 50, 20, 1};
        long f = FlopCounts.table7Encoder(18);
        long g = FlopCounts.table7Decoder(18);
        long d = FlopCounts.mlp(distance);
        // F forward and backward on 3B rows (no input gradient into the data), G on 2B, D second order on 2B, search
        assertEquals(3 * (3 * f - FlopCounts.table7FirstConv()) + 6 * g + 12 * d + 2L * 784 * 10_000,
                FlopCounts.lmppmTrainingSample(18, distance, 10_000));
        assertEquals(46_010_912, FlopCounts.lmppmTrainingSample(18, distance, 10_000));
        assertEquals(f + g + 16 * (4L * 2_000 * 18 + 2 * d), FlopCounts.algorithm2Image(18, distance, 2_000, 16));
        assertEquals(13_780_736, FlopCounts.algorithm2Image(18, distance, 8_000, 16));
        assertEquals(13.78, FlopCounts.mega(13_780_736), 0);
    }
}
