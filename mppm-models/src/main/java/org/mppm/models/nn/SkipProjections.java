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
import java.util.List;
import org.mppm.core.HostArrays;

/**
 * The learned projections {@code S-hat_i(z)} from the latent code to each skip connection of a
 * U-Net (Appendix B, Fig. 14): {@code z [B, d] -> [B, C_i, H_i, H_i]} for every level i. Each is a
 * Linear map {@code d -> C_i g g} onto a coarse {@code g x g} grid (g the U-Net's bottleneck side),
 * followed by a fixed bilinear upsampling to {@code H_i x H_i} (half-pixel centres, as PyTorch's
 * {@code align_corners=False}), written as two products with a constant {@code [H_i, g]} matrix.
 * Only the Linear maps are learned. They depend on z alone: the image reaches them only through
 * its code.
 *
 * <p>How they are trained: the paper gives no loss of their own. Here they are part of the
 * decoder, {@code G(S_1 + S-hat_1(z), ..., S_k + S-hat_k(z), z)}, in every pass, so they are
 * trained end to end by whatever trains the autoencoder: Eq. 14's reconstruction term and, above
 * all, its {@code |G(S(x) + S-hat(z_shift), z_shift) - x*|} term, which asks the latent code to
 * correct the degraded skips of x towards the clean x* (for the DAE: the L2 noisy-to-clean loss).
 */
final class SkipProjections extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int latent;
    private final int grid;
    private final int[] channels;
    private final int[] sides;
    private final List<Linear> maps = new ArrayList<>();
    private final List<float[]> upsampling = new ArrayList<>();

    /**
     * @param latent   d
     * @param grid     g, the side of the coarse grid
     * @param channels C_i per level
     * @param sides    H_i per level
     */
    SkipProjections(int latent, int grid, int[] channels, int[] sides) {
        super(VERSION);
        this.latent = latent;
        this.grid = grid;
        this.channels = channels.clone();
        this.sides = sides.clone();
        for (int i = 0; i < channels.length; i++) {
            maps.add(addChildBlock("project" + (i + 1),
                    TorchInit.uniform(Linear.builder().setUnits((long) channels[i] * grid * grid).build(), latent)));
            upsampling.add(bilinear(sides[i], grid));
        }
    }

    /** Row-major {@code [out, in]} bilinear interpolation weights, half-pixel centres, edges clamped. */
    static float[] bilinear(int out, int in) {
        float[] u = new float[out * in];
        for (int j = 0; j < out; j++) {
            double src = Math.max(0, (j + 0.5) * in / out - 0.5);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double frac = src - i0;
            u[j * in + i0] += (float) (1 - frac);
            u[j * in + i1] += (float) frac;
        }
        return u;
    }

    /** {@code S-hat_1(z), ..., S-hat_k(z)}, each {@code [B, C_i, H_i, H_i]}, in z's manager. */
    NDList project(ParameterStore store, NDArray z, boolean training) {
        long b = z.getShape().get(0);
        NDList out = new NDList(maps.size());
        for (int i = 0; i < maps.size(); i++) {
            NDArray coarse = maps.get(i).forward(store, new NDList(z), training).singletonOrThrow()
                    .reshape(b, channels[i], grid, grid);
            NDArray u = upsamplingMatrix(z, i);
            out.add(u.matMul(coarse).matMul(u.transpose()));
        }
        return out;
    }

    /**
     * The constant {@code [H_i, g]} upsampling matrix, engine-owned, in z's manager and type. Not a
     * Java-buffer array: autograd keeps it for the backward pass of the products, and an array made
     * from a Java buffer reads that buffer in place, which the garbage collector frees once the
     * array is closed (at the end of the decoder's scope, before the backward pass).
     */
    private NDArray upsamplingMatrix(NDArray z, int level) {
        try (NDArray host = z.getManager().create(upsampling.get(level), new Shape(sides[level], grid))) {
            return HostArrays.convert(host, z.getDataType());
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return project(store, inputs.singletonOrThrow(), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Linear map : maps) {
            map.initialize(manager, dataType, new Shape(inputShapes[0].get(0), latent));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[maps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Shape(inputShapes[0].get(0), channels[i], sides[i], sides[i]);
        }
        return out;
    }
}
