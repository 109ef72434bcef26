package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mppm.core.Scopes;

/**
 * The convolutional autoencoder of the paper's Table 7, for images {@code [B, C, S, S]} (MNIST:
 * C = 1, S = 28) and latent size d (default 18):
 * <ul>
 *   <li>encoder F: Conv(C->32, k3, s2, p1)-ReLU-Conv(32->64, k3, s2, p1)-ReLU-Flatten-Linear(64 (S/4)^2 -> d),
 *       {@code [B, C, S, S] -> [B, d]};</li>
 *   <li>decoder G: Linear(d -> 64 (S/4)^2)-Reshape(64, S/4, S/4)-ConvT(64->32, k3, s2, p1, op1)-ReLU
 *       -ConvT(32->C, k3, s2, p1, op1)-Sigmoid, {@code [B, d] -> [B, C, S, S]} in (0, 1).</li>
 * </ul>
 * Every layer starts from PyTorch's default initialisation (uniform in {@code ±1/sqrt(fan-in)}).
 * The transposed convolutions are {@link ConvTranspose2d} (exact; {@link ConvTranspose2d.Form#AUTO} by default). As a
 * block its forward pass is {@code G(F(x))}. {@link #encode} and {@link #decode} keep only their
 * result in the input's manager.
 */
public final class MnistConvAutoencoder extends AbstractBlock implements Autoencoder {
    private static final byte VERSION = 1;
    /** Table 7's latent size. */
    public static final int DEFAULT_LATENT = 18;
    private static final int C1 = 32;
    private static final int C2 = 64;

    private final int latent;
    private final int channels;
    private final int size;
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Linear toLatent;
    private final Linear fromLatent;
    private final ConvTranspose2d deconv1;
    private final ConvTranspose2d deconv2;

    /** Table 7 for 28 x 28 grey digits with latent size {@code latent}. */
    public MnistConvAutoencoder(int latent) {
        this(latent, 1, 28, ConvTranspose2d.Form.AUTO);
    }

    /**
     * @param latent   latent size d, at least 1
     * @param channels image channels C, at least 1
     * @param size     image side S, a positive multiple of 4
     * @param form     how the transposed convolutions are computed
     */
    public MnistConvAutoencoder(int latent, int channels, int size, ConvTranspose2d.Form form) {
        super(VERSION);
        if (latent < 1 || channels < 1) {
            throw new IllegalArgumentException("latent size and channels must be positive, got " + latent + " and " + channels);
        }
        if (size < 4 || size % 4 != 0) {
            throw new IllegalArgumentException("image size must be a positive multiple of 4, got " + size);
        }
        this.latent = latent;
        this.channels = channels;
        this.size = size;
        long flat = (long) C2 * (size / 4) * (size / 4);
        this.conv1 = addChildBlock("conv1", TorchInit.uniform(conv(C1), channels * 9L));
        this.conv2 = addChildBlock("conv2", TorchInit.uniform(conv(C2), C1 * 9L));
        this.toLatent = addChildBlock("toLatent", TorchInit.uniform(Linear.builder().setUnits(latent).build(), flat));
        this.fromLatent = addChildBlock("fromLatent", TorchInit.uniform(Linear.builder().setUnits(flat).build(), latent));
        this.deconv1 = addChildBlock("deconv1", new ConvTranspose2d(C2, C1, 3, 2, 1, 1, form));
        this.deconv2 = addChildBlock("deconv2", new ConvTranspose2d(C1, channels, 3, 2, 1, 1, form));
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))
                .setFilters(filters).build();
    }

    @Override
    public Block block() {
        return this;
    }

    @Override
    public int latentDimension() {
        return latent;
    }

    /** {@code (C, S, S)}. */
    @Override
    public Shape sampleShape() {
        return new Shape(channels, size, size);
    }

    /** True: convolutions, ReLU and linear layers map each row on its own. */
    @Override
    public boolean encodesRowsAlone(boolean training) {
        return true;
    }

    /** True: transposed convolutions, ReLU and linear layers map each row on its own. */
    @Override
    public boolean decodesRowsAlone(boolean training) {
        return true;
    }

    /** F: {@code [B, C, S, S] -> [B, d]}, in x's manager. */
    @Override
    public NDArray encode(ParameterStore store, NDArray x, boolean training) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || !s.slice(1).equals(sampleShape())) {
            throw new IllegalArgumentException("x must be [B, " + channels + ", " + size + ", " + size + "]; got shape " + s);
        }
        return Scopes.scoped(x, in -> {
            NDArray h = Activation.relu(conv1.forward(store, new NDList(in), training).singletonOrThrow());
            h = Activation.relu(conv2.forward(store, new NDList(h), training).singletonOrThrow());
            return toLatent.forward(store, new NDList(h.reshape(s.get(0), -1)), training).singletonOrThrow();
        });
    }

    /** G: {@code [B, d] -> [B, C, S, S]} in (0, 1), in z's manager. */
    @Override
    public NDArray decode(ParameterStore store, NDArray z, boolean training) {
        Shape s = z.getShape();
        if (s.dimension() != 2 || s.get(1) != latent) {
            throw new IllegalArgumentException("z must be [B, " + latent + "]; got shape " + s);
        }
        return Scopes.scoped(z, in -> {
            NDArray h = fromLatent.forward(store, new NDList(in), training).singletonOrThrow()
                    .reshape(s.get(0), C2, size / 4, size / 4);
            h = Activation.relu(deconv1.forward(store, new NDList(h), training).singletonOrThrow());
            return Activation.sigmoid(deconv2.forward(store, new NDList(h), training).singletonOrThrow());
        });
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        conv1.initialize(manager, dataType, new Shape(b, channels, size, size));
        conv2.initialize(manager, dataType, new Shape(b, C1, size / 2, size / 2));
        toLatent.initialize(manager, dataType, new Shape(b, (long) C2 * (size / 4) * (size / 4)));
        fromLatent.initialize(manager, dataType, new Shape(b, latent));
        deconv1.initialize(manager, dataType, new Shape(b, C2, size / 4, size / 4));
        deconv2.initialize(manager, dataType, new Shape(b, C1, size / 2, size / 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        try (NDArray z = encode(store, x, training)) {
            return new NDList(decode(store, z, training));
        }
    }

    /** How the two transposed convolutions are computed. */
    public ConvTranspose2d.Form form() {
        return deconv1.form();
    }

    @Override
    public String toString() {
        return "MnistConvAutoencoder(Table 7, " + channels + "x" + size + "x" + size + " -> " + latent + ", " + form() + ")";
    }
}
