package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The two-convolution unit of Table 8's encoder and decoder blocks,
 * {@code Conv(in -> mid) - BN - LReLU(0.2) - Conv(mid -> out) - BN - LReLU(0.2)}, with 3x3
 * kernels and padding 1: {@code [B, in, H, W] -> [B, out, H, W]}. Convolutions start from
 * PyTorch's default initialisation; batch normalisation uses batch statistics in training and
 * its running statistics otherwise.
 */
final class ConvBnPair extends AbstractBlock {
    private static final byte VERSION = 1;
    static final float SLOPE = 0.2f;

    private final int in;
    private final int mid;
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;

    ConvBnPair(int in, int mid, int out) {
        super(VERSION);
        this.in = in;
        this.mid = mid;
        this.conv1 = addChildBlock("conv1", TorchInit.uniform(conv3(mid), in * 9L));
        this.bn1 = addChildBlock("bn1", BatchNorm.builder().build());
        this.conv2 = addChildBlock("conv2", TorchInit.uniform(conv3(out), mid * 9L));
        this.bn2 = addChildBlock("bn2", BatchNorm.builder().build());
    }

    private static Conv2d conv3(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    NDArray apply(ParameterStore store, NDArray x, boolean training) {
        NDArray h = conv1.forward(store, new NDList(x), training).singletonOrThrow();
        h = Activation.leakyRelu(bn1.forward(store, new NDList(h), training).singletonOrThrow(), SLOPE);
        h = conv2.forward(store, new NDList(h), training).singletonOrThrow();
        return Activation.leakyRelu(bn2.forward(store, new NDList(h), training).singletonOrThrow(), SLOPE);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape hidden = new Shape(s.get(0), mid, s.get(2), s.get(3));
        conv1.initialize(manager, dataType, new Shape(s.get(0), in, s.get(2), s.get(3)));
        bn1.initialize(manager, dataType, hidden);
        conv2.initialize(manager, dataType, hidden);
        bn2.initialize(manager, dataType, conv2.getOutputShapes(new Shape[] {hidden}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return conv2.getOutputShapes(new Shape[] {new Shape(s.get(0), mid, s.get(2), s.get(3))});
    }
}
