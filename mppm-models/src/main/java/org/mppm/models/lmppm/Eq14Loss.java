package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.mppm.core.HostArrays;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.Autoencoder;
import org.mppm.models.nn.Encoded;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.SkipDropout;
import org.mppm.models.nn.Stores;
import org.mppm.models.train.LossTerms;
import org.mppm.models.train.Objective;

/**
 * The LMPPM composite loss, Eq. 14, on a batch of clean samples {@code [B, ...]}:
 * {@code x = x_clean + eps} (optionally clamped to [0, 1]), {@code x*} the nearest clean training
 * sample to x in pixel space, {@code z = F(x)}, {@code z* = F(x*)}, {@code z_c = F(x_clean)} (so
 * S = F(X_clean) is always the current encoder's), and
 * {@code z_shift = z - D_S(z) grad D_S(z) / |grad D_S(z)|} with the gradient in closed form, so that
 * it is differentiable with respect to D's weights and, through z, to F:
 * <pre>
 *   lambda_1 mean (D_S(z) - |z - z*|)^2
 * + lambda_2 mean |x_clean - G(z_c)|^2
 * + lambda_3 mean D_S(z_c)^2
 * + lambda_4 mean (D_S(z) - |D_S(z)|)^2
 * + lambda_5 mean |z_shift - z*|
 * + lambda_6 mean |G(z_shift) - x*|
 * </pre>
 * Squared norms and norms are over all of a sample's entries; the paper's sums over samples are
 * means over the batch (a constant factor the weights absorb). Norms use {@code sqrt(|v|^2 + 1e-12)}.
 * {@link Eq14Variant} switches to the authors' code: an unnormalised shift and L1 means for lambda_5, 6.
 *
 * <p>F runs once over {@code [x; x*; x_clean]}. x* is nearly always the very sample x was made
 * from, and then {@code z* = z_c}: with an encoder that maps rows alone
 * ({@link Autoencoder#encodesRowsAlone}) on the CPU, such rows of x* are not encoded again and
 * z* takes z_c's row (the same values and gradients, up to float rounding in the sums over the batch).
 *
 * <p>With an autoencoder whose decoder takes skips (the U-Net of Table 8, Appendix B), G of a code
 * is taken with the skips of the sample that code belongs to:
 * {@code G(z_c) = G(S(x_clean) + S-hat(z_c), z_c)} and
 * {@code G(z_shift) = G(S(x) + S-hat(z_shift), z_shift)}, the skips of the noisy x, exactly as
 * restoration decodes a corrected code with the degraded image's skips; so lambda_6 trains the
 * skip projections to carry the correction the latent step makes. With {@link SkipDropout} some
 * training passes decode without the encoder's skips, {@code G(S-hat(z), z)}.
 */
public final class Eq14Loss implements Objective {

    private final Autoencoder autoencoder;
    private final Mlp distance;
    private final NearestClean nearest;
    private final Eq14Weights weights;
    private final double noise;
    private final boolean clampNoisy;
    private final Eq14Variant variant;
    private final SkipDropout skipDropout;
    private final ParameterStore store;

    /** Eq. 14 as printed ({@link Eq14Variant#paper()}). */
    public Eq14Loss(Autoencoder autoencoder, Mlp distance, NearestClean nearest, Eq14Weights weights, double noise,
            boolean clampNoisy) {
        this(autoencoder, distance, nearest, weights, noise, clampNoisy, Eq14Variant.paper());
    }

    /**
     * @param nearest    the clean training set, for x*
     * @param noise      sigma of the training noise (Table: 0.4 for MNIST)
     * @param clampNoisy clamp noisy samples to [0, 1] (the authors' code does; the paper does not say)
     * @param variant    the paper's terms or the authors' code's
     */
    public Eq14Loss(Autoencoder autoencoder, Mlp distance, NearestClean nearest, Eq14Weights weights, double noise,
            boolean clampNoisy, Eq14Variant variant) {
        this(autoencoder, distance, nearest, weights, noise, clampNoisy, variant, new SkipDropout(0));
    }

    /**
     * @param skipDropout in training passes, the skips given to the decoder (for lambda_2 and
     *                    lambda_6) are zeroed per sample with this probability (an option of ours:
     *                    the paper has none), so that z must carry the image
     */
    public Eq14Loss(Autoencoder autoencoder, Mlp distance, NearestClean nearest, Eq14Weights weights, double noise,
            boolean clampNoisy, Eq14Variant variant, SkipDropout skipDropout) {
        this(autoencoder, distance, nearest, weights, noise, clampNoisy, variant, skipDropout, Stores.direct());
    }

    private Eq14Loss(Autoencoder autoencoder, Mlp distance, NearestClean nearest, Eq14Weights weights, double noise,
            boolean clampNoisy, Eq14Variant variant, SkipDropout skipDropout, ParameterStore store) {
        if (!(noise > 0)) {
            throw new IllegalArgumentException("training noise must be > 0, got " + noise);
        }
        this.autoencoder = autoencoder;
        this.distance = distance;
        this.nearest = nearest;
        this.weights = weights;
        this.noise = noise;
        this.clampNoisy = clampNoisy;
        this.variant = java.util.Objects.requireNonNull(variant, "variant");
        this.skipDropout = java.util.Objects.requireNonNull(skipDropout, "skipDropout");
        this.store = java.util.Objects.requireNonNull(store, "store");
    }

    /**
     * Eq. 14 reading F, G and D through {@code store}, when its batches may be split: every term is
     * a mean over rows, D maps rows alone, and so must F and G in training
     * ({@link Autoencoder#mapsRowsAlone}).
     */
    @Override
    public java.util.Optional<Objective> withStore(ParameterStore store) {
        if (!autoencoder.mapsRowsAlone(true)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Eq14Loss(autoencoder, distance, nearest, weights, noise, clampNoisy, variant,
                skipDropout, store));
    }

    /**
     * Whether rows of x* equal to their clean sample may share its encoder pass: F must map each
     * row on its own ({@link Autoencoder#encodesRowsAlone}), and the arrays must be on the CPU,
     * where finding those rows reads {@code [B]} flags without waiting for a device.
     */
    private boolean sharesEqualRows(NDArray clean, boolean training) {
        return autoencoder.encodesRowsAlone(training) && ai.djl.Device.Type.CPU.equals(clean.getDevice().getDeviceType());
    }

    /** The rows i whose nearest clean sample x*_i is not x_clean_i itself, ascending. */
    static long[] movedRows(NDArray clean, NDArray star) {
        long b = clean.getShape().get(0);
        boolean[] differs = star.neq(clean).reshape(b, -1).toType(DataType.INT8, false).max(new int[] {1})
                .toType(DataType.BOOLEAN, false).toBooleanArray();
        return java.util.stream.LongStream.range(0, b).filter(i -> differs[(int) i]).toArray();
    }

    /** Where z* of each row is in the codes of {@code [noisy; clean; x*[moved]]}: its clean row, or its own x* row. */
    static long[] starRows(long b, long[] moved) {
        long[] rows = java.util.stream.LongStream.range(b, 2 * b).toArray();
        for (int k = 0; k < moved.length; k++) {
            rows[(int) moved[k]] = 2 * b + k;
        }
        return rows;
    }

    /** An engine-owned int64 index in like's manager (autograd keeps a gather's index for the backward pass). */
    private static NDArray index(NDArray like, long[] rows) {
        try (NDArray host = like.getManager().create(rows)) {
            return HostArrays.convert(host, DataType.INT64);
        }
    }

    /** lambda_5 / lambda_6's per-sample measure of {@code v [B, ...]}, averaged over the batch. */
    private NDArray consistency(NDArray v) {
        return variant.l1Consistency() ? v.abs().mean() : LossTerms.norm(v).mean();
    }

    @Override
    public LossTerms terms(NDArray clean, boolean training, SeededNoise random) {
        NDArray noisy = clean.add(random.nextNormal(clean.getManager(), clean.getShape(), clean.getDataType(), noise));
        if (clampNoisy) {
            noisy = noisy.clip(0, 1);
        }
        return terms(clean, noisy, nearest.nearest(noisy), training, random);
    }

    /**
     * The six weighted terms for clean samples, their noisy versions and the noisy samples'
     * nearest clean ones; in training, D's dropout and the skip dropout masks come from {@code random}.
     */
    public LossTerms terms(NDArray clean, NDArray noisy, NDArray star, boolean training, SeededNoise random) {
        long b = clean.getShape().get(0);
        // one encoder pass over [noisy; x*; clean], where x*_i = x_clean_i is encoded once
        NDArray zStar;
        Encoded codes;
        Encoded cleanCodes;
        long[] moved = sharesEqualRows(clean, training) ? movedRows(clean, star) : null;
        if (moved == null) {
            codes = autoencoder.encodeWithSkips(store, noisy.concat(star).concat(clean), training);
            cleanCodes = codes.rows(2 * b, 3 * b);
            zStar = codes.code().get("{}:{}", b, 2 * b);
        } else {
            NDArray inputs = noisy.concat(clean);
            codes = autoencoder.encodeWithSkips(store, moved.length == 0 ? inputs : inputs.concat(star.get(index(clean, moved))),
                    training);
            cleanCodes = codes.rows(b, 2 * b);
            zStar = moved.length == 0 ? cleanCodes.code() : codes.code().get(index(clean, starRows(b, moved)));
        }
        Encoded noisyCodes = codes.rows(0, b);
        NDArray z = noisyCodes.code();
        NDArray zClean = cleanCodes.code();
        // one distance pass over [z; z_c]
        NDArray both = z.concat(zClean);
        NDList d = training ? distance.forwardWithInputGradient(store, both, random)
                : distance.forwardWithInputGradient(store, both, false);
        NDArray dz = d.get(0).get("0:{}", b);
        NDArray dClean = d.get(0).get("{}:", b);
        NDArray grad = d.get(1).get("0:{}", b);
        NDArray direction = variant.normalisedShift() ? grad.div(LossTerms.norm(grad).expandDims(1)) : grad;
        NDArray zShift = z.sub(direction.mul(dz.expandDims(1)));
        // one decoder pass over [z_c; z_shift], with the skips of [x_clean; x] if the decoder takes any
        NDList skips = cleanCodes.concatSkips(noisyCodes);
        NDArray decoded = autoencoder.decode(store, zClean.concat(zShift), training ? skipDropout.apply(skips, random) : skips, training);
        NDArray reconstruction = decoded.get("0:{}", b);
        NDArray decodedShift = decoded.get("{}:", b);

        NDArray t1 = dz.sub(LossTerms.norm(z.sub(zStar))).square().mean();
        NDArray t2 = clean.sub(reconstruction).square().reshape(b, -1).sum(new int[] {1}).mean();
        NDArray t3 = dClean.square().mean();
        NDArray t4 = dz.sub(dz.abs()).square().mean();
        NDArray t5 = consistency(zShift.sub(zStar));
        NDArray t6 = consistency(decodedShift.sub(star));
        return new LossTerms()
                .add("distance", t1, weights.distance())
                .add("reconstruct", t2, weights.reconstruct())
                .add("boundary", t3, weights.boundary())
                .add("positivity", t4, weights.positivity())
                .add("shift", t5, weights.shift())
                .add("decodedShift", t6, weights.decodedShift());
    }
}
