package org.mppm.models.edm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.mppm.models.nn.Silu;

/**
 * A small convolutional U-Net {@code [B, Cin, H, W] -> [B, Cout, H, W]} (package-private):
 * at each level two 3x3 convolutions with SiLU; below it a 2x2 average pool, the next level at
 * twice the width, nearest-neighbour upsampling and a 3x3 convolution, concatenated with the skip
 * connection and merged by two more 3x3 convolutions; a final 1x1 convolution.
 */
final class UNet {
    private UNet() {}

    static Block of(int outChannels, int width, int depth) {
        SequentialBlock net = new SequentialBlock();
        net.add(level(width, depth));
        net.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(outChannels).build());
        return net;
    }

    private static Block level(int width, int depth) {
        SequentialBlock block = convPair(width);
        if (depth == 0) {
            return block;
        }
        SequentialBlock below = new SequentialBlock();
        below.add(Pool.avgPool2dBlock(new Shape(2, 2)));
        below.add(level(2 * width, depth - 1));
        below.add(new LambdaBlock(list -> new NDList(upsample(list.singletonOrThrow())), "upsample"));
        below.add(conv(width));
        below.add(Silu::apply);
        block.add(new ParallelBlock(
                parts -> new NDList(parts.get(0).singletonOrThrow().concat(parts.get(1).singletonOrThrow(), 1)),
                List.of(new LambdaBlock(list -> list, "skip"), below)));
        block.addAll(convPair(width).getChildren().values());
        return block;
    }

    private static SequentialBlock convPair(int width) {
        SequentialBlock pair = new SequentialBlock();
        pair.add(conv(width));
        pair.add(Silu::apply);
        pair.add(conv(width));
        pair.add(Silu::apply);
        return pair;
    }

    private static Block conv(int width) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(width).build();
    }

    private static NDArray upsample(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }
}
