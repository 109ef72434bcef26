package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.SeededInitializer;
import org.mppm.models.nn.Silu;

/**
 * The LDM's noise predictor {@code eps_theta(z_t, tau)}, an MLP as in the authors' code:
 * <pre>
 *   e   = Linear(e_dim)(SiLU(Linear(e_dim)(tau)))            time embedding, tau [B, 1]
 *   h   = concat(z_t, e)                                     [B, d + e_dim]
 *   h   = SiLU(Linear(h_k)(h)) for each hidden width h_k     (default 256, 512, 256)
 *   eps = Linear(d)(h)                                       [B, d]
 * </pre>
 * Inputs: {@code NDList(z_t [B, d], tau [B, 1])}, where {@code tau = t / T} in [0, 1] is the
 * diffusion step as a float (the Linear(1 -> e_dim) embedding sees a bounded input whatever T is).
 * Output: the predicted noise {@code [B, d]}, in z_t's manager.
 */
public final class NoisePredictor extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int latent;
    private final int embedding;
    private final int[] hidden;
    private final Linear time1;
    private final Linear time2;
    private final List<Linear> layers = new ArrayList<>();

    /**
     * @param latent    the latent dimension d
     * @param embedding the time embedding width (128)
     * @param hidden    the hidden widths (256, 512, 256)
     */
    public NoisePredictor(int latent, int embedding, int... hidden) {
        super(VERSION);
        if (latent < 1 || embedding < 1 || hidden.length < 1 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("the noise predictor needs positive sizes, got latent " + latent + ", embedding "
                    + embedding + ", hidden " + Arrays.toString(hidden));
        }
        this.latent = latent;
        this.embedding = embedding;
        this.hidden = hidden.clone();
        this.time1 = addChildBlock("time1", Linear.builder().setUnits(embedding).build());
        this.time2 = addChildBlock("time2", Linear.builder().setUnits(embedding).build());
        for (int i = 0; i < hidden.length; i++) {
            layers.add(addChildBlock("linear" + (i + 1), Linear.builder().setUnits(hidden[i]).build()));
        }
        layers.add(addChildBlock("out", Linear.builder().setUnits(latent).build()));
    }

    public int latentDimension() {
        return latent;
    }

    /**
     * Initialises the parameters (float32) for latent codes {@code [1, d]} and times {@code [1, 1]},
     * drawing from {@code random} ({@link SeededInitializer}).
     */
    public void initialize(NDManager manager, SeededNoise random) {
        SeededInitializer.initialize(this, manager, DataType.FLOAT32, random, new Shape(1, latent), new Shape(1, 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        time1.initialize(manager, dataType, new Shape(b, 1));
        time2.initialize(manager, dataType, new Shape(b, embedding));
        Shape shape = new Shape(b, latent + embedding);
        for (Linear layer : layers) {
            layer.initialize(manager, dataType, shape);
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), latent)};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.get(0);
        NDArray tau = inputs.get(1);
        NDArray e = linear(store, time2, Silu.apply(linear(store, time1, tau, training)), training);
        NDArray h = NDArrays.concat(new NDList(z, e), 1);
        for (int i = 0; i < layers.size() - 1; i++) {
            h = Silu.apply(linear(store, layers.get(i), h, training));
        }
        return new NDList(linear(store, layers.get(layers.size() - 1), h, training));
    }

    /** {@code eps_theta(z, tau)}: {@code [B, d], [B, 1] -> [B, d]}, in z's manager. */
    public NDArray predict(ParameterStore store, NDArray z, NDArray tau, boolean training) {
        return forward(store, new NDList(z, tau), training).singletonOrThrow();
    }

    /** The input goes first, so the result lands in its manager, never in the parameters'. */
    private static NDArray linear(ParameterStore store, Linear layer, NDArray x, boolean training) {
        NDArray w = store.getValue(layer.getParameters().get("weight"), x.getDevice(), training);
        NDArray b = store.getValue(layer.getParameters().get("bias"), x.getDevice(), training);
        return Linear.linear(x, w, b).singletonOrThrow();
    }
}
