package org.mppm.models.edm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.mppm.core.HostArrays;
import org.mppm.models.nn.Silu;

/**
 * A convolutional U-Net conditioned on the noise level the way EDM's DDPM++ networks are (Karras
 * et al. 2022, Appendix F; Song et al. 2021): inputs {@code x [B, Cin, H, W]} and
 * {@code c_noise [B, 1]}, output {@code [B, Cout, H, W]} (package-private).
 *
 * <p>Noise embedding: Fourier features {@code [cos(w_k c_noise), sin(w_k c_noise)]} of
 * {@value #FREQUENCIES} fixed angular frequencies {@code w_k = 0.5 * 64^(k / 15)} (0.5 to 32, for
 * {@code c_noise = ln(sigma) / 4} in about [-1.6, 1.1] over EDM's levels), then an MLP
 * {@code Linear(E) - SiLU - Linear(E) - SiLU}, giving {@code emb [B, E]}.
 *
 * <p>Each level {@code i} (width {@code w 2^i}) runs two 3x3 convolutions with SiLU, the first
 * followed by a per-channel bias {@code Linear_i(emb)} added before its activation (every level,
 * also in the merge pair on the way up). Below a level: a 2x2 average pool, the next level,
 * nearest-neighbour upsampling, a 3x3 convolution with SiLU, concatenation with the level's skip,
 * and the merge pair. A final 1x1 convolution. Same layout as {@link UNet}, whose only noise input
 * is a constant extra channel.
 */
final class NoiseConditionedUNet extends AbstractBlock {
    private static final byte VERSION = 1;
    /** The number of Fourier frequencies; the embedding's input has twice as many features. */
    static final int FREQUENCIES = 16;

    private final int outChannels;
    private final int width;
    private final int depth;
    private final int embedding;
    private final Linear map0;
    private final Linear map1;
    /** Per level: the first and second convolution of the down pair, the bias of the first. */
    private final List<Conv2d> down0 = new ArrayList<>();
    private final List<Conv2d> down1 = new ArrayList<>();
    private final List<Linear> downBias = new ArrayList<>();
    /** Per level with a level below (0..depth-1): the convolution after upsampling and the merge pair with its bias. */
    private final List<Conv2d> up = new ArrayList<>();
    private final List<Conv2d> merge0 = new ArrayList<>();
    private final List<Conv2d> merge1 = new ArrayList<>();
    private final List<Linear> mergeBias = new ArrayList<>();
    private final Conv2d output;

    /**
     * @param outChannels Cout
     * @param width       the first level's channels (doubling per level), >= 1
     * @param depth       levels below the first, >= 0
     * @param embedding   E, the width of the noise embedding, >= 1
     */
    NoiseConditionedUNet(int outChannels, int width, int depth, int embedding) {
        super(VERSION);
        this.outChannels = outChannels;
        this.width = width;
        this.depth = depth;
        this.embedding = embedding;
        this.map0 = addChildBlock("map0", Linear.builder().setUnits(embedding).build());
        this.map1 = addChildBlock("map1", Linear.builder().setUnits(embedding).build());
        for (int i = 0; i <= depth; i++) {
            int w = width << i;
            down0.add(addChildBlock("down" + i + "a", conv(w)));
            downBias.add(addChildBlock("down" + i + "bias", Linear.builder().setUnits(w).build()));
            down1.add(addChildBlock("down" + i + "b", conv(w)));
            if (i < depth) {
                up.add(addChildBlock("up" + i, conv(w)));
                merge0.add(addChildBlock("merge" + i + "a", conv(w)));
                mergeBias.add(addChildBlock("merge" + i + "bias", Linear.builder().setUnits(w).build()));
                merge1.add(addChildBlock("merge" + i + "b", conv(w)));
            }
        }
        this.output = addChildBlock("output", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(outChannels).build());
    }

    /** The angular frequencies {@code w_k = 0.5 * 64^(k / (K - 1))}, {@code [1, K]}. */
    static float[] frequencies() {
        float[] w = new float[FREQUENCIES];
        for (int k = 0; k < FREQUENCIES; k++) {
            w[k] = (float) (0.5 * Math.pow(64, k / (double) (FREQUENCIES - 1)));
        }
        return w;
    }

    /** The Fourier features of {@code c_noise [B, 1]}: {@code [B, 2K]}, in its manager and type. */
    static NDArray fourierFeatures(NDArray cNoise) {
        NDArray w;
        // engine-owned, not over a Java buffer the garbage collector may free before a backward pass
        try (NDArray host = cNoise.getManager().create(frequencies(), new Shape(1, FREQUENCIES))) {
            w = HostArrays.convert(host, cNoise.getDataType());
        }
        NDArray phase = cNoise.matMul(w);
        return phase.cos().concat(phase.sin(), 1);
    }

    /** The noise embedding {@code emb [B, E]} of {@code c_noise [B, 1]}. */
    NDArray embed(ParameterStore store, NDArray cNoise, boolean training) {
        NDArray h = Silu.apply(map0.forward(store, new NDList(fourierFeatures(cNoise)), training).singletonOrThrow());
        return Silu.apply(map1.forward(store, new NDList(h), training).singletonOrThrow());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("expected inputs (x [B, C, H, W], c_noise [B, 1]), got " + inputs.size()
                    + " arrays");
        }
        NDArray emb = embed(store, inputs.get(1), training);
        NDArray h = level(store, 0, inputs.get(0), emb, training);
        return output.forward(store, new NDList(h), training);
    }

    private NDArray level(ParameterStore store, int i, NDArray x, NDArray emb, boolean training) {
        NDArray h = conditionedPair(store, down0.get(i), downBias.get(i), down1.get(i), x, emb, training);
        if (i == depth) {
            return h;
        }
        NDArray pooled = Pool.avgPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
        NDArray below = level(store, i + 1, pooled, emb, training);
        NDArray upsampled = Silu.apply(apply(store, up.get(i), below.repeat(2, 2).repeat(3, 2), training));
        return conditionedPair(store, merge0.get(i), mergeBias.get(i), merge1.get(i), h.concat(upsampled, 1), emb,
                training);
    }

    /** {@code SiLU(conv1(SiLU(conv0(x) + bias(emb)[:, :, None, None])))}. */
    private static NDArray conditionedPair(ParameterStore store, Conv2d conv0, Linear bias, Conv2d conv1, NDArray x,
            NDArray emb, boolean training) {
        NDArray h = apply(store, conv0, x, training);
        NDArray b = bias.forward(store, new NDList(emb), training).singletonOrThrow();
        h = Silu.apply(h.add(b.reshape(b.getShape().get(0), b.getShape().get(1), 1, 1)));
        return Silu.apply(apply(store, conv1, h, training));
    }

    private static NDArray apply(ParameterStore store, Conv2d conv, NDArray x, boolean training) {
        return conv.forward(store, new NDList(x), training).singletonOrThrow();
    }

    private static Conv2d conv(int width) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(width).build();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        long b = x.get(0);
        map0.initialize(manager, dataType, new Shape(b, 2 * FREQUENCIES));
        map1.initialize(manager, dataType, new Shape(b, embedding));
        long channels = x.get(1);
        long h = x.get(2);
        long wd = x.get(3);
        for (int i = 0; i <= depth; i++) {
            long w = (long) width << i;
            down0.get(i).initialize(manager, dataType, new Shape(b, channels, h, wd));
            downBias.get(i).initialize(manager, dataType, new Shape(b, embedding));
            down1.get(i).initialize(manager, dataType, new Shape(b, w, h, wd));
            channels = w;
            h /= 2;
            wd /= 2;
        }
        for (int i = depth - 1; i >= 0; i--) {
            long w = (long) width << i;
            long side = x.get(2) >> i;
            long sideW = x.get(3) >> i;
            up.get(i).initialize(manager, dataType, new Shape(b, 2 * w, side, sideW));
            merge0.get(i).initialize(manager, dataType, new Shape(b, 2 * w, side, sideW));
            mergeBias.get(i).initialize(manager, dataType, new Shape(b, embedding));
            merge1.get(i).initialize(manager, dataType, new Shape(b, w, side, sideW));
        }
        output.initialize(manager, dataType, new Shape(b, width, x.get(2), x.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), outChannels, x.get(2), x.get(3))};
    }
}
