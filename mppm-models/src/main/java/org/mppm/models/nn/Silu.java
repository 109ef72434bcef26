package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * The SiLU activation {@code x sigmoid(x)} (swish with beta = 1), any shape, safe to train through.
 *
 * <p>Use this instead of DJL's {@code Activation.swish(x, 1f)}: on the PyTorch engine that computes
 * {@code x * sigmoid(x.mul(1f))}, and {@code x.mul(Number)} multiplies by a scalar made from a Java
 * direct buffer that is closed at once. Autograd keeps that scalar for the backward pass; once the
 * garbage collector frees the buffer the gradient is multiplied by whatever the freed memory holds,
 * so training drifts or turns NaN at random (depending on when the collector runs). Here both
 * factors are engine-owned tensors.
 */
public final class Silu {
    private Silu() {}

    /** {@code x sigmoid(x)}, in x's manager. */
    public static NDArray apply(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** The activation of a block's single output, for {@code SequentialBlock.add(Silu::apply)}. */
    public static NDList apply(NDList list) {
        return new NDList(apply(list.singletonOrThrow()));
    }
}
