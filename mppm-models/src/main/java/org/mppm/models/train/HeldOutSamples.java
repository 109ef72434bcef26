package org.mppm.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.mppm.core.SeededNoise;

/**
 * The held-out samples a fit chooses its restoration settings on, and never other data: the first
 * {@code m} samples of the validation part of the fit's {@link ValidationSplit} (samples the fit
 * did not train on), clean and degraded with the training noise,
 * {@code degraded = clean + sigma * N(0, 1)}, clamped to [0, 1] when asked, the noise drawn from a
 * generator seeded with {@code seed ^} {@value #NOISE_SEED} (a fixed seed gives fixed samples).
 * A candidate setting is scored by {@link #error}, the mean squared error of its restoration of
 * {@link #degraded()} to {@link #clean()}.
 *
 * @param clean    the clean held-out samples {@code [m, ...]}
 * @param degraded the same samples degraded, {@code [m, ...]}
 */
public record HeldOutSamples(NDArray clean, NDArray degraded) {
    /** Mixed into the fit's seed for the noise of the degraded samples. */
    public static final long NOISE_SEED = 0x5EA4C4L;

    /**
     * The first {@code min(samples, |validation|)} validation samples of {@code split}, clean and degraded.
     *
     * @param data    the N samples of the fit {@code [N, ...]}, in the order the split indexes them
     * @param split   the fit's split of the N samples; its validation part must not be empty
     * @param samples at most this many samples, {@code >= 1}
     * @param sigma   the standard deviation of the noise, {@code > 0}
     * @param clamp   clamp the degraded samples to [0, 1] (images, which a chart takes in [0, 1] only)
     * @param seed    the fit's seed
     * @param scope   the manager both arrays are attached to
     */
    public static HeldOutSamples of(NDArray data, ValidationSplit split, int samples, double sigma, boolean clamp, long seed,
            NDManager scope) {
        long[] validation = split.validation();
        if (validation.length == 0) {
            throw new IllegalArgumentException("the fit's validation split is empty: held-out samples need validationFraction > 0");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        if (!(sigma > 0 && Double.isFinite(sigma))) {
            throw new IllegalArgumentException("the noise sigma must be > 0 and finite, got " + sigma);
        }
        long[] rows = Arrays.copyOf(validation, Math.min(samples, validation.length));
        NDArray clean = data.get(scope.create(rows));
        clean.attach(scope);
        NDArray degraded = clean.add(new SeededNoise(seed ^ NOISE_SEED).nextNormal(scope, clean.getShape(),
                clean.getDataType(), sigma));
        if (clamp) {
            degraded = degraded.clip(0, 1);
        }
        return new HeldOutSamples(clean, degraded);
    }

    /** The number m of held-out samples. */
    public int count() {
        return Math.toIntExact(clean.getShape().get(0));
    }

    /** Mean squared error {@code mean((restored - clean)^2)} over all m samples and values; closes {@code restored}. */
    public double error(NDArray restored) {
        try (restored; NDArray d = restored.sub(clean); NDArray squared = d.square(); NDArray mean = squared.mean()) {
            return mean.getFloat();
        }
    }
}
