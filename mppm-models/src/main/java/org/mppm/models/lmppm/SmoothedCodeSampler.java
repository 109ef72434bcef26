package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.Manifold;
import org.mppm.core.Sampler;
import org.mppm.core.smoothing.EmpiricalScore;
import org.mppm.core.smoothing.IsotropicGaussianKernel;
import org.mppm.core.smoothing.SmoothedScore;
import org.mppm.samplers.smoothing.ReverseSdeSampler;
import org.mppm.samplers.smoothing.TimeGrid;

/**
 * Generation by log-domain score smoothing over a model's training codes S {@code [n, d]}: the
 * codes are standardised, {@code u = (z - mu) / s} (mu the mean code, s the root-mean-square
 * deviation per coordinate), the reverse SDE runs on the smoothed empirical score of the
 * standardised codes ({@link SmoothedScore} with an isotropic Gaussian kernel of width
 * {@code smoothing}, {@link ReverseSdeSampler} on the geometric time grid from {@code 1e-6} to
 * {@value #T_MAX} with {@code steps} steps, float64), and the end codes are decoded,
 * {@code G(mu + s u)}. Sample i depends only on the seed and i. Output as G makes it, e.g.
 * {@code [count, C, H, W]}, in the caller's manager. The instance holds the standardised codes:
 * {@link #close()} frees them.
 */
public final class SmoothedCodeSampler implements Sampler, AutoCloseable {
    /** The reverse SDE's final time T (variance-exploding: sigma_max = 3). */
    public static final double T_MAX = 9;

    private final NDManager manager;
    private final Manifold manifold;
    private final NDArray mean;
    private final double scale;
    private final ReverseSdeSampler sde;
    private final DataType codeType;

    private SmoothedCodeSampler(NDManager manager, Manifold manifold, NDArray mean, double scale, ReverseSdeSampler sde,
            DataType codeType) {
        this.manager = manager;
        this.manifold = manifold;
        this.mean = mean;
        this.scale = scale;
        this.sde = sde;
        this.codeType = codeType;
    }

    /**
     * A sampler over {@code codes} {@code [n, d]} (n {@code >= 2}, copied) decoded by {@code manifold}.
     *
     * @param smoothing the kernel width in standardised units, {@code > 0}
     * @param steps     reverse SDE steps, {@code >= 2}
     * @param seed      the seed of the smoothing draws
     */
    public static SmoothedCodeSampler of(Manifold manifold, NDArray codes, double smoothing, int steps, long seed) {
        Objects.requireNonNull(manifold, "manifold");
        Checks.requireBatch("codes", codes);
        if (codes.getShape().dimension() != 2 || codes.getShape().get(0) < 2) {
            throw new IllegalArgumentException("codes must be [n, d] with n >= 2; got " + codes.getShape());
        }
        Checks.requirePositive("smoothing", smoothing);
        Checks.requireAtLeast("steps", steps, 2);
        NDManager own = NDManager.newBaseManager(codes.getDevice());
        try {
            NDArray z = codes.toType(DataType.FLOAT64, true);
            z.attach(own);
            NDArray mu = z.mean(new int[] {0});
            NDArray centred = z.sub(mu);
            double s = Math.sqrt(centred.square().mean().getDouble());
            if (!(s > 0)) {
                throw new IllegalArgumentException("the codes have no spread (all equal); cannot standardise them");
            }
            NDArray u = centred.div(s);
            SmoothedScore score = SmoothedScore.builder().base(EmpiricalScore.of(u)).kernel(new IsotropicGaussianKernel(smoothing))
                    .seed(seed).build();
            ReverseSdeSampler sde = ReverseSdeSampler.of(score, TimeGrid.geometric(1e-6, T_MAX, steps).withZero(),
                    Math.toIntExact(u.getShape().get(1)), DataType.FLOAT64);
            return new SmoothedCodeSampler(own, manifold, mu, s, sde, codes.getDataType());
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    @Override
    public NDArray sampleRows(NDManager target, long seed, long firstSample, int count) {
        try (NDManager scope = target.newSubManager()) {
            NDArray u = sde.sampleRows(scope, seed, firstSample, count);
            NDArray z = u.mul(scale).add(mean.toDevice(u.getDevice(), false)).toType(codeType, false);
            NDArray images = manifold.embed(z);
            images.attach(target);
            return images;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
