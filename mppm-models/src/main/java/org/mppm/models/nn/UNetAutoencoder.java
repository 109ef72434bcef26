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
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mppm.core.Scopes;

/**
 * The U-Net autoencoder of the paper's Table 8 with the latent skip projections of Appendix B
 * (Fig. 14), for images {@code [B, C, S, S]} in [0, 1], block widths {@code w_1..w_k} (Table 8:
 * 32-64-128-256) and latent size d (Table 8: 1024):
 * <ul>
 *   <li>encoder F: for each level i, {@code S_i = ConvBnPair(w_{i-1} -> w_i)} at side {@code H_i}
 *       ({@code H_1 = S}, {@code H_{i+1} = floor(H_i / 2)}; {@code w_0 = C}) and a 2x2 max-pool;
 *       then Flatten-Linear({@code w_k g^2 -> d})-LReLU(0.2) with g the bottleneck side
 *       {@code floor(H_k / 2)}. {@code F(x) = (S_1, ..., S_k, z)}, z {@code [B, d]},
 *       {@code S_i [B, w_i, H_i, H_i]}.</li>
 *   <li>decoder G: Linear({@code d -> w_k g^2})-Reshape; for i = k..1 ConvT({@code w_i -> w_i},
 *       k2, s2, output padding {@code H_i mod 2}, so that odd sides such as 15 of a 120-pixel
 *       image are matched), concatenation with the skip, ConvBnPair({@code 2 w_i -> w_{max(i-1, 1)}});
 *       finally Conv3({@code w_1 -> C})-Sigmoid.</li>
 *   <li>skip projections {@link SkipProjections} {@code S-hat_i(z)}; the decoder always receives
 *       {@code S_i + S-hat_i(z)}: {@code x-hat = G(S_1 + S-hat_1(z), ..., S_k + S-hat_k(z), z)}.</li>
 * </ul>
 * The paper's model is {@code new UNetAutoencoder(3, 120, 1024, 32, 64, 128, 256)}. With fewer skip
 * levels {@code m < k} only the innermost m levels have skips (and projections); the outer decoder blocks
 * then merge without concatenation, {@code ConvBnPair(w_i -> w_{max(i-1, 1)})} (the authors' code has
 * such a variant without the full-resolution skip; m = 0 is a plain convolutional autoencoder). {@link #decode(ParameterStore,
 * NDArray, boolean)} without skips decodes a code on its own, {@code G(S-hat(z), z)} (skips from z
 * alone); restorations use {@link #encodeWithSkips} / {@link #decode(ParameterStore, NDArray, NDList,
 * boolean)}. Layers start from PyTorch's default initialisation; transposed convolutions are
 * {@link ConvTranspose2d} (sub-pixel form). Results of encode and decode are in the input's
 * manager, temporaries freed.
 */
public final class UNetAutoencoder extends AbstractBlock implements Autoencoder {
    private static final byte VERSION = 1;
    /** Table 8's block widths. */
    public static final int[] TABLE8_WIDTHS = {32, 64, 128, 256};
    /** Table 8's latent size. */
    public static final int TABLE8_LATENT = 1024;

    private final int channels;
    private final int size;
    private final int latent;
    private final int[] widths;
    /** The first (outermost, 0-based) level that has a skip connection: k - skip levels. */
    private final int first;
    /** sides[i]: the side of skip i (0-based); sides[k]: the bottleneck side g. */
    private final int[] sides;
    private final List<ConvBnPair> down = new ArrayList<>();
    private final Linear toLatent;
    private final Linear fromLatent;
    private final List<ConvTranspose2d> up = new ArrayList<>();
    private final List<ConvBnPair> merge = new ArrayList<>();
    private final Conv2d output;
    private final SkipProjections projections;

    /**
     * @param channels image channels C, at least 1
     * @param size     image side S; each of the k halvings must leave a side of at least 1
     * @param latent   latent size d, at least 1
     * @param widths   block widths w_1..w_k, at least one, each positive
     */
    public UNetAutoencoder(int channels, int size, int latent, int... widths) {
        this(channels, size, latent, widths.length, widths);
    }

    /**
     * @param channels   image channels C, at least 1
     * @param size       image side S; each of the k halvings must leave a side of at least 1
     * @param latent     latent size d, at least 1
     * @param skipLevels how many of the innermost levels have skip connections, in [0, k] (Table 8: k)
     * @param widths     block widths w_1..w_k, at least one, each positive
     */
    public UNetAutoencoder(int channels, int size, int latent, int skipLevels, int[] widths) {
        super(VERSION);
        if (channels < 1 || latent < 1) {
            throw new IllegalArgumentException("channels and latent size must be positive, got " + channels + " and " + latent);
        }
        if (widths.length < 1 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("block widths must be at least one positive width, got " + Arrays.toString(widths));
        }
        int k = widths.length;
        if (skipLevels < 0 || skipLevels > k) {
            throw new IllegalArgumentException("skip levels must lie in [0, " + k + "] for " + k + " levels, got " + skipLevels);
        }
        this.first = k - skipLevels;
        if (size < 1 << k) {
            throw new IllegalArgumentException("image size " + size + " is too small for " + k + " levels: need at least "
                    + (1 << k));
        }
        this.channels = channels;
        this.size = size;
        this.latent = latent;
        this.widths = widths.clone();
        this.sides = new int[k + 1];
        sides[0] = size;
        for (int i = 1; i <= k; i++) {
            sides[i] = sides[i - 1] / 2;
        }
        int g = sides[k];
        long flat = (long) widths[k - 1] * g * g;
        for (int i = 0; i < k; i++) {
            down.add(addChildBlock("down" + (i + 1), new ConvBnPair(i == 0 ? channels : widths[i - 1], widths[i], widths[i])));
        }
        this.toLatent = addChildBlock("toLatent", TorchInit.uniform(Linear.builder().setUnits(latent).build(), flat));
        this.fromLatent = addChildBlock("fromLatent", TorchInit.uniform(Linear.builder().setUnits(flat).build(), latent));
        for (int i = k - 1; i >= 0; i--) {
            up.add(0, addChildBlock("up" + (i + 1), new ConvTranspose2d(widths[i], widths[i], 2, 2, 0, sides[i] % 2)));
            merge.add(0, addChildBlock("merge" + (i + 1), new ConvBnPair(mergeInput(i), widths[i], widths[Math.max(i - 1, 0)])));
        }
        this.output = addChildBlock("output", TorchInit.uniform(Conv2d.builder().setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1)).setFilters(channels).build(), widths[0] * 9L));
        this.projections = addChildBlock("skipProjections", new SkipProjections(latent, g, Arrays.copyOfRange(widths, first, k),
                Arrays.copyOfRange(sides, first, k)));
    }

    /** The decoder block's input channels at level i: the upsampled features, and the skip if the level has one. */
    private int mergeInput(int i) {
        return i >= first ? 2 * widths[i] : widths[i];
    }

    /** The paper's model: 3 x 120 x 120, latent 1024, widths 32-64-128-256. */
    public static UNetAutoencoder table8() {
        return new UNetAutoencoder(3, 120, TABLE8_LATENT, TABLE8_WIDTHS);
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

    /** The shapes of the skips of one sample, {@code (w_i, H_i, H_i)}, outermost first (levels without skips left out). */
    public List<Shape> skipShapes() {
        List<Shape> shapes = new ArrayList<>();
        for (int i = first; i < widths.length; i++) {
            shapes.add(new Shape(widths[i], sides[i], sides[i]));
        }
        return shapes;
    }

    /** F's code alone: {@code [B, C, S, S] -> [B, d]}, in x's manager. */
    @Override
    public NDArray encode(ParameterStore store, NDArray x, boolean training) {
        requireImages(x);
        return Scopes.scoped(x, in -> run(store, in, training, null));
    }

    /** {@code F(x) = (S_1..S_k, z)}: the code and the skips, all in x's manager. */
    @Override
    public Encoded encodeWithSkips(ParameterStore store, NDArray x, boolean training) {
        requireImages(x);
        NDList both = Scopes.scopedList(x, in -> {
            NDList skips = new NDList(widths.length);
            NDArray z = run(store, in, training, skips);
            return new NDList(z).addAll(skips);
        });
        return new Encoded(both.get(0), both.subNDList(1));
    }

    private NDArray run(ParameterStore store, NDArray x, boolean training, NDList skips) {
        NDArray h = x;
        for (int i = 0; i < down.size(); i++) {
            NDArray skip = down.get(i).apply(store, h, training);
            if (skips != null && i >= first) {
                skips.add(skip);
            }
            h = Pool.maxPool2d(skip, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        }
        NDArray flat = h.reshape(x.getShape().get(0), -1);
        return Activation.leakyRelu(toLatent.forward(store, new NDList(flat), training).singletonOrThrow(), ConvBnPair.SLOPE);
    }

    /** G from the code alone, {@code G(S-hat_1(z), ..., S-hat_k(z), z)}: {@code [B, d] -> [B, C, S, S]}, in z's manager. */
    @Override
    public NDArray decode(ParameterStore store, NDArray z, boolean training) {
        return decode(store, z, new NDList(), training);
    }

    /**
     * Appendix B's decoder {@code G(S_1 + S-hat_1(z), ..., S_k + S-hat_k(z), z)}: {@code z [B, d]},
     * skips {@code S_i [B, w_i, H_i, H_i]} (or none: then {@code S_i = 0}); returns
     * {@code [B, C, S, S]} in (0, 1), in z's manager.
     */
    @Override
    public NDArray decode(ParameterStore store, NDArray z, NDList skips, boolean training) {
        Shape s = z.getShape();
        if (s.dimension() != 2 || s.get(1) != latent) {
            throw new IllegalArgumentException("z must be [B, " + latent + "]; got shape " + s);
        }
        requireSkips(skips, s.get(0));
        return Scopes.scoped(z, in -> {
            NDList steered = projections.project(store, in, training);
            int k = widths.length;
            NDArray h = fromLatent.forward(store, new NDList(in), training).singletonOrThrow()
                    .reshape(s.get(0), widths[k - 1], sides[k], sides[k]);
            for (int i = k - 1; i >= 0; i--) {
                h = up.get(i).forward(store, new NDList(h), training).singletonOrThrow();
                if (i >= first) {
                    NDArray projected = steered.get(i - first);
                    NDArray skip = skips.isEmpty() ? projected : projected.add(skips.get(i - first));
                    h = h.concat(skip, 1);
                }
                h = merge.get(i).apply(store, h, training);
            }
            return Activation.sigmoid(output.forward(store, new NDList(h), training).singletonOrThrow());
        });
    }

    /** The learned {@code S-hat_i(z)}, {@code [B, d] -> [B, w_i, H_i, H_i]} each, in z's manager. */
    public NDList skipProjections(ParameterStore store, NDArray z) {
        return Scopes.scopedList(z, in -> projections.project(store, in, false));
    }

    private void requireImages(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || !s.slice(1).equals(sampleShape())) {
            throw new IllegalArgumentException("x must be [B, " + channels + ", " + size + ", " + size + "]; got shape " + s);
        }
    }

    private void requireSkips(NDList skips, long batch) {
        if (skips.isEmpty()) {
            return;
        }
        List<Shape> expected = skipShapes();
        if (skips.size() != expected.size()) {
            throw new IllegalArgumentException("expected " + expected.size() + " skips, got " + skips.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            Shape want = new Shape(batch).addAll(expected.get(i));
            if (!skips.get(i).getShape().equals(want)) {
                throw new IllegalArgumentException("skip " + (i + 1) + " must be " + want + "; got " + skips.get(i).getShape());
            }
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        int k = widths.length;
        for (int i = 0; i < k; i++) {
            down.get(i).initialize(manager, dataType, new Shape(b, i == 0 ? channels : widths[i - 1], sides[i], sides[i]));
        }
        toLatent.initialize(manager, dataType, new Shape(b, (long) widths[k - 1] * sides[k] * sides[k]));
        fromLatent.initialize(manager, dataType, new Shape(b, latent));
        for (int i = 0; i < k; i++) {
            up.get(i).initialize(manager, dataType, new Shape(b, widths[i], sides[i + 1], sides[i + 1]));
            merge.get(i).initialize(manager, dataType, new Shape(b, mergeInput(i), sides[i], sides[i]));
        }
        output.initialize(manager, dataType, new Shape(b, widths[0], size, size));
        projections.initialize(manager, dataType, new Shape(b, latent));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** As a block: the reconstruction {@code G(F(x))} with skips, {@code [B, C, S, S] -> [B, C, S, S]}. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(reconstruct(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public String toString() {
        return "UNetAutoencoder(Table 8, " + channels + "x" + size + "x" + size + ", widths " + Arrays.toString(widths)
                + ", skips at " + (widths.length - first) + " levels"
                + " -> " + latent + ")";
    }
}
