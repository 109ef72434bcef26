package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import org.mppm.core.Scopes;

/**
 * Max pooling over 2 x 2 windows with stride 2: {@code [N, C, H, W] -> [N, C, floor(H / 2), floor(W / 2)]}
 * (an odd last row or column is dropped), the values of the engine's {@code max_pool2d}, which on
 * NCHW tensors runs an element-at-a-time loop.
 *
 * <p>When autograd is not recording (the engine's grad mode is off, as it is outside a
 * {@code GradientCollector} on the thread that started the engine), {@link #apply} takes the larger
 * of each pair of rows and then of each pair of columns with element-wise maxima over contiguous
 * rows, about twice as fast. A maximum rounds nothing, so the values are the same, and so are the
 * bits except in one case: a window whose largest values are zeros of both signs, where
 * {@code max_pool2d} keeps the first in row-major order and this may keep the other (NaN
 * propagates in both). While autograd records (inside a {@code GradientCollector}, and on threads
 * that never turned grad mode off, where libtorch has it on) the engine's {@code max_pool2d} runs,
 * so training routes gradients, ties included, as before: element-wise maxima would split a tie's
 * gradient. As a block ({@link #block()}) it saves and loads as DJL's
 * {@code Pool.maxPool2dBlock(2 x 2)}.
 */
public final class MaxPool2x2 {
    private static final Shape WINDOW = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private MaxPool2x2() {}

    /** The pooled {@code [N, C, floor(H / 2), floor(W / 2)]} of {@code x [N, C, H, W]} (H, W >= 2), in x's manager. */
    public static NDArray apply(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(2) < 2 || s.get(3) < 2) {
            throw new IllegalArgumentException("2 x 2 max pooling needs [N, C, H, W] with H, W >= 2; got " + s);
        }
        // DJL's hasGradient() is false for arrays inside the graph (not leaves): grad mode is the safe test
        if (JniUtils.isGradMode()) {
            return Pool.maxPool2d(x, WINDOW, WINDOW, NO_PADDING, false);
        }
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2) / 2;
        long w = s.get(3) / 2;
        return Scopes.scoped(x, in -> {
            NDArray even = s.get(2) % 2 == 0 && s.get(3) % 2 == 0 ? in : in.get(":, :, :{}, :{}", 2 * h, 2 * w);
            // [N C h, 2 W]: each row of the result's windows beside the next one
            NDArray rowPairs = even.reshape(n * c * h, 4 * w);
            NDArray rows = rowPairs.get(":, :{}", 2 * w).maximum(rowPairs.get(":, {}:", 2 * w));
            NDArray columnPairs = rows.reshape(n * c * h * w, 2);
            return columnPairs.get(":, 0").maximum(columnPairs.get(":, 1")).reshape(n, c, h, w);
        });
    }

    /** {@link #apply} as a parameter-free block, stored as DJL's {@code maxPool2d} lambda block. */
    public static LambdaBlock block() {
        return new LambdaBlock(list -> new NDList(apply(list.singletonOrThrow())), "maxPool2d");
    }
}
