package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.mppm.core.DistanceField;
import org.mppm.core.KernelDensity;
import org.mppm.core.LatentEncoding;
import org.mppm.core.Manifold;
import org.mppm.core.Projection;
import org.mppm.core.SeededNoise;
import org.mppm.core.density.NeighbourBandwidth;
import org.mppm.models.train.ValidationSplit;
import org.mppm.samplers.mppm.LatentMppmProjector;

/**
 * How an LMPPM fit chooses what it was not given, sigma_ker and Algorithm 2's alpha, beta and
 * steps, from its own training data (never from anything else):
 * <ol>
 * <li>the validation part of the fit's {@link ValidationSplit} (the samples early stopping held
 * out, never trained on), its first {@link RestorationSearch#samples()} samples, is degraded with
 * the training noise ({@code x + trainingNoise * N(0, 1)}, clamped to [0, 1] when the fit clamps),
 * drawn from a generator seeded with the fit's seed;</li>
 * <li>the kernel of z-bar runs over the codes of the training part only (the validation samples'
 * own codes would pull each one back to its clean self), in the configured {@link KernelMetric},
 * with sigma_ker = scale x the perplexity rule ({@link NeighbourBandwidth}) on all N codes (the
 * sigma_ker the model keeps for the chosen scale);</li>
 * <li>every grid point (scale, alpha, beta, steps) restores the degraded samples (encode once,
 * the default Algorithm 2); the criterion is the mean squared error to the clean samples,
 * {@code mean_b mean_i (x-hat_bi - x_bi)^2}; the lowest wins, ties to the first in grid order
 * (scales, then alpha, then beta, then steps, each in axis order).</li>
 * </ol>
 * A setting the configuration gives is not searched: a given sigma_ker is the only bandwidth
 * tried, a given restoration the only (alpha, beta, steps). Work: one run of
 * {@code max(steps)} latent steps per (scale, alpha, beta) (beta = 0 once for all scales), decoded
 * at each step count.
 */
final class RestorationSelection {
    /** Mixed into the fit's seed for the validation noise. */
    private static final long NOISE_SEED = 0x5EA4C4L;

    private RestorationSelection() {}

    /**
     * The choice: sigma_ker as a multiple of the perplexity rule (1 when sigma_ker was given), the
     * restoration, and the validation errors of the choice and of G(F(x)) on {@code samples} samples.
     */
    record Choice(double bandwidthScale, LmppmRestoration restoration, double validationError, double autoencoderError,
            int samples) {}

    /**
     * @param manifold F and G of the fitted model
     * @param distance D_S of the fitted model
     * @param codes    the codes of all N training samples {@code [N, d]}
     * @param data     the N training samples {@code [N, ...]}, as the fit got them
     * @param split    the fit's split of the N samples
     * @param config   the fit's configuration, with a search
     * @param rule     sigma_ker of the perplexity rule on all codes (the given sigma_ker when set)
     */
    static Choice choose(Manifold manifold, DistanceField distance, NDArray codes, NDArray data, ValidationSplit split,
            LmppmConfig config, double rule) {
        RestorationSearch search = config.restorationSearch();
        long[] validation = split.validation();
        int m = Math.min(search.samples(), validation.length);
        long[] rows = java.util.Arrays.copyOf(validation, m);
        long seed = config.schedule().seed();
        try (NDManager scope = data.getManager().newSubManager()) {
            NDArray clean = data.get(scope.create(rows));
            clean.attach(scope);
            NDArray noisy = clean.add(new SeededNoise(seed ^ NOISE_SEED).nextNormal(scope, clean.getShape(),
                    clean.getDataType(), config.trainingNoise()));
            if (config.clampNoisy()) {
                noisy = noisy.clip(0, 1);
            }
            NDArray kept = codes.get(scope.create(split.training()));
            kept.attach(scope);
            double[] scales = config.kernelBandwidth() != null ? new double[] {1} : search.bandwidthScales();
            LmppmRestoration given = config.restoration();
            List<double[]> pairs = given != null ? List.of(new double[] {given.alpha(), given.beta()})
                    : RestorationSearch.weightPairs(search.alphas(), search.betas());
            int[] steps = given != null ? new int[] {given.steps()} : search.steps();
            try (LatentEncoding encoding = manifold.chartWithContext(noisy)) {
                Best best = new Best();
                double autoencoderError = error(encoding.decode(encoding.code()), clean);
                for (double scale : scales) {
                    try (KernelDensity.Owned kernel = config.kernelMetric().density(kept, rule * scale)) {
                        for (double[] pair : pairs) {
                            if (pair[1] == 0 && scale != scales[0]) {
                                continue; // no pull: the bandwidth does not matter
                            }
                            evaluate(manifold, distance, kernel, encoding, clean, pair[0], pair[1], steps, scale, best,
                                    autoencoderError);
                        }
                    }
                }
                if (!(best.error < Double.POSITIVE_INFINITY)) {
                    throw new IllegalStateException("no setting of the restoration search gave a finite validation error");
                }
                LmppmRestoration chosen = given != null ? given
                        : LmppmRestoration.DEFAULTS.withSteps(best.steps).withWeights(best.alpha, best.beta);
                return new Choice(config.kernelBandwidth() != null ? 1 : best.scale, chosen, best.error, autoencoderError, m);
            }
        }
    }

    /** The perplexity rule on the codes as the configured metric sees them. */
    static double ruleBandwidth(NDArray codes, LmppmConfig config) {
        try (NDArray points = config.kernelMetric().points(codes)) {
            return NeighbourBandwidth.forPerplexity(points, config.kernelPerplexity(), LmppmConfig.KERNEL_RULE_QUERIES,
                    config.schedule().seed());
        }
    }

    private static void evaluate(Manifold manifold, DistanceField distance, KernelDensity kernel, LatentEncoding encoding,
            NDArray clean, double alpha, double beta, int[] steps, double scale, Best best, double autoencoderError) {
        int most = java.util.Arrays.stream(steps).max().orElse(0);
        if (most == 0) {
            best.offer(autoencoderError, scale, alpha, beta, 0);
            return;
        }
        LatentMppmProjector flow = LatentMppmProjector.builder().autoencoder(manifold).distance(distance).kernel(kernel)
                .alpha(alpha).beta(beta).steps(most).recordTrajectory(true).build();
        try (Projection run = flow.projectCodes(encoding.code())) {
            NDArray path = run.trajectory().orElseThrow(); // [most + 1, B, d]
            for (int s : steps) {
                double e = s == 0 ? autoencoderError : error(encoding.decode(path.get(s)), clean);
                best.offer(e, scale, alpha, beta, s);
            }
        }
    }

    /** Mean squared error {@code mean((x - clean)^2)}; closes x. */
    private static double error(NDArray x, NDArray clean) {
        try (x; NDArray d = x.sub(clean)) {
            return d.square().mean().getFloat();
        }
    }

    private static final class Best {
        double error = Double.POSITIVE_INFINITY;
        double scale;
        double alpha;
        double beta;
        int steps;

        void offer(double e, double s, double a, double b, int n) {
            if (e < error) {
                error = e;
                scale = s;
                alpha = a;
                beta = b;
                steps = n;
            }
        }
    }
}
