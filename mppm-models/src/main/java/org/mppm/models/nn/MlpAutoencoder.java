package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An MLP autoencoder: encoder F {@code [B, D] -> [B, d]} and decoder G {@code [B, d] -> [B, D]},
 * ReLU hidden layers, linear outputs (Table 6: 3-64-32-16-8 and 8-16-32-64-3). As a block its
 * forward pass is {@code G(F(x))}.
 */
public final class MlpAutoencoder extends AbstractBlock implements Autoencoder {
    private static final byte VERSION = 1;

    private final Mlp encoder;
    private final Mlp decoder;

    /**
     * @param encoderSizes D, hidden..., d; the decoder mirrors it (d, ...reversed hidden, D)
     */
    public MlpAutoencoder(int[] encoderSizes) {
        super(VERSION);
        int[] decoderSizes = new int[encoderSizes.length];
        for (int i = 0; i < encoderSizes.length; i++) {
            decoderSizes[i] = encoderSizes[encoderSizes.length - 1 - i];
        }
        this.encoder = addChildBlock("encoder", new Mlp(encoderSizes, 0));
        this.decoder = addChildBlock("decoder", new Mlp(decoderSizes, 0));
    }

    public int ambientDimension() {
        return encoder.inputSize();
    }

    @Override
    public ai.djl.nn.Block block() {
        return this;
    }

    @Override
    public Shape sampleShape() {
        return new Shape(ambientDimension());
    }

    @Override
    public int latentDimension() {
        return encoder.outputSize();
    }

    public Mlp encoder() {
        return encoder;
    }

    public Mlp decoder() {
        return decoder;
    }

    /** True: linear layers and their activations map each row on its own. */
    @Override
    public boolean encodesRowsAlone(boolean training) {
        return true;
    }

    /** True: linear layers and activations map each row on its own. */
    @Override
    public boolean decodesRowsAlone(boolean training) {
        return true;
    }

    /** F: {@code [B, D] -> [B, d]}. */
    @Override
    public NDArray encode(ParameterStore store, NDArray x, boolean training) {
        return encoder.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /** G: {@code [B, d] -> [B, D]}. */
    @Override
    public NDArray decode(ParameterStore store, NDArray z, boolean training) {
        return decoder.forward(store, new NDList(z), training).singletonOrThrow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        decoder.initialize(manager, dataType, new Shape(inputShapes[0].get(0), latentDimension()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(decode(store, encode(store, inputs.singletonOrThrow(), training), training));
    }
}
