package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
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

/**
 * A multilayer perceptron {@code [B, n_0] -> [B, n_L]}: Linear - ReLU - Dropout(p) for every
 * hidden layer, a plain Linear output. Its forward pass is written with ordinary operations so
 * that, for a scalar output, it can also return the exact input gradient in closed form
 * ({@link #forwardWithInputGradient}):
 * {@code grad_x f = W_1^T (m_1 * W_2^T (m_2 * ... W_L^T))}, with m_l the ReLU derivative times the
 * dropout mask of that very forward pass. That gradient is an ordinary differentiable expression
 * of the weights and of x, so it works whether x is a leaf or not (z = F(x)).
 *
 * <p>Dropout masks are drawn from the caller's generator
 * ({@link #forwardWithInputGradient(ParameterStore, NDArray, SeededNoise)}), never from the
 * engine's: a training pass through DJL's {@code forward} is refused when dropout is on.
 */
public final class Mlp extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int[] sizes;
    private final float dropout;
    private final List<Linear> layers = new ArrayList<>();

    /**
     * @param sizes   layer widths n_0 (input), ..., n_L (output), at least two
     * @param dropout dropout probability of the hidden layers in training, in [0, 1)
     */
    public Mlp(int[] sizes, float dropout) {
        super(VERSION);
        if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("an MLP needs at least two positive layer sizes, got " + Arrays.toString(sizes));
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must lie in [0, 1), got " + dropout);
        }
        this.sizes = sizes.clone();
        this.dropout = dropout;
        for (int l = 1; l < sizes.length; l++) {
            layers.add(addChildBlock("linear" + l, Linear.builder().setUnits(sizes[l]).build()));
        }
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public float dropout() {
        return dropout;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (Linear layer : layers) {
            layer.initialize(manager, dataType, shape);
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputSize())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(pass(store, inputs.singletonOrThrow(), training, null, false).output);
    }

    /**
     * For a scalar MLP ({@code n_L = 1}): the output {@code [B]} and the input gradient
     * {@code [B, n_0]} of the same forward pass, without dropout ({@code training} only marks the
     * parameters' use; a training pass with dropout needs a generator).
     *
     * @throws IllegalStateException if {@code training} and this MLP has dropout
     */
    public NDList forwardWithInputGradient(ParameterStore store, NDArray x, boolean training) {
        return withInputGradient(store, x, training, null);
    }

    /**
     * A training pass of a scalar MLP: the output {@code [B]} and the input gradient
     * {@code [B, n_0]} of the same forward pass, with the same dropout masks, drawn from
     * {@code dropout} (one host draw per hidden layer).
     */
    public NDList forwardWithInputGradient(ParameterStore store, NDArray x, SeededNoise dropout) {
        return withInputGradient(store, x, true, java.util.Objects.requireNonNull(dropout, "dropout"));
    }

    private NDList withInputGradient(ParameterStore store, NDArray x, boolean training, SeededNoise dropoutNoise) {
        if (outputSize() != 1) {
            throw new IllegalStateException("the input gradient is defined for a scalar MLP, this one has " + outputSize() + " outputs");
        }
        Pass pass = pass(store, x, training, dropoutNoise, true);
        NDArray g = null;
        for (int l = layers.size() - 1; l >= 0; l--) {
            NDArray w = weight(store, l, x, training);
            if (g == null) {
                // [B, 1] @ [1, H]: the output weights for every sample, in x's manager
                g = x.getManager().ones(new Shape(x.getShape().get(0), 1), x.getDataType()).matMul(w);
            } else {
                g = g.mul(pass.masks.get(l)).matMul(w);
            }
        }
        return new NDList(pass.output.squeeze(1), g);
    }

    private NDArray weight(ParameterStore store, int layer, NDArray x, boolean training) {
        return store.getValue(layers.get(layer).getParameters().get("weight"), x.getDevice(), training);
    }

    private Pass pass(ParameterStore store, NDArray x, boolean training, SeededNoise dropoutNoise, boolean keepMasks) {
        if (training && dropout > 0 && dropoutNoise == null) {
            throw new IllegalStateException("this MLP has dropout " + dropout + ": a training pass draws its masks from a"
                    + " generator, call forwardWithInputGradient(store, x, noise)");
        }
        Pass pass = new Pass();
        NDArray h = x;
        for (int l = 0; l < layers.size(); l++) {
            Linear layer = layers.get(l);
            NDArray w = store.getValue(layer.getParameters().get("weight"), x.getDevice(), training);
            NDArray b = store.getValue(layer.getParameters().get("bias"), x.getDevice(), training);
            NDArray pre = Linear.linear(h, w, b).singletonOrThrow();
            if (l == layers.size() - 1) {
                pass.output = pre;
                break;
            }
            // mask = relu'(pre) * dropout keep mask / (1 - p): h = mask * pre
            NDArray mask = pre.gt(0).toType(pre.getDataType(), false);
            if (training && dropout > 0) {
                NDArray keep = dropoutNoise.nextBernoulli(pre.getManager(), pre.getShape(), pre.getDataType(), 1 - dropout);
                mask = mask.mul(keep).divi(1 - dropout);
            }
            if (keepMasks) {
                pass.masks.add(mask);
            }
            h = pre.mul(mask);
        }
        return pass;
    }

    private static final class Pass {
        NDArray output;
        final List<NDArray> masks = new ArrayList<>();
    }
}
