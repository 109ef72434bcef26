package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.mppm.core.DistanceField;
import org.mppm.core.KernelDensity;
import org.mppm.core.LatentEncoding;
import org.mppm.core.Manifold;
import org.mppm.core.Projection;
import org.mppm.core.density.NeighbourBandwidth;
import org.mppm.models.train.HeldOutSamples;
import org.mppm.models.train.ValidationSplit;
import org.mppm.samplers.mppm.LatentMppmProjector;

/**
 * The procedure {@link RestorationSearch} documents: an LMPPM fit's choice of sigma_ker and
 * Algorithm 2's alpha, beta and steps on its validation split, by the validation samples' mean
 * squared error. A setting the configuration gives is not searched: a given sigma_ker is the only
 * bandwidth tried, a given restoration the only (alpha, beta, steps). Work: one run of
 * {@code max(steps)} latent steps per (scale, alpha, beta) (beta = 0 once for all scales), decoded
 * at each step count.
 */
final class RestorationSelection {
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
     * @param clamp    clamp the degraded samples to [0, 1] (the fit clamps its noise, or the samples
     *                 are images, which an image chart takes in [0, 1] only)
     */
    static Choice choose(Manifold manifold, DistanceField distance, NDArray codes, NDArray data, ValidationSplit split,
            LmppmConfig config, double rule, boolean clamp) {
        RestorationSearch search = config.restorationSearch();
        try (NDManager scope = data.getManager().newSubManager()) {
            HeldOutSamples held = HeldOutSamples.of(data, split, search.samples(), config.trainingNoise(), clamp,
                    config.schedule().seed(), scope);
            NDArray kept = codes.get(scope.create(split.training()));
            kept.attach(scope);
            double[] scales = config.kernelBandwidth() != null ? new double[] {1} : search.bandwidthScales();
            LmppmRestoration given = config.restoration();
            List<double[]> pairs = given != null ? List.of(new double[] {given.alpha(), given.beta()})
                    : RestorationSearch.weightPairs(search.alphas(), search.betas());
            int[] steps = given != null ? new int[] {given.steps()} : search.steps();
            try (LatentEncoding encoding = manifold.chartWithContext(held.degraded())) {
                Best best = new Best();
                double autoencoderError = held.error(encoding.decode(encoding.code()));
                for (double scale : scales) {
                    try (KernelDensity.Owned kernel = config.kernelMetric().density(kept, rule * scale)) {
                        for (double[] pair : pairs) {
                            if (pair[1] == 0 && scale != scales[0]) {
                                continue; // no pull: the bandwidth does not matter
                            }
                            evaluate(manifold, distance, kernel, encoding, held, pair[0], pair[1], steps, scale, best,
                                    autoencoderError);
                        }
                    }
                }
                if (!(best.error < Double.POSITIVE_INFINITY)) {
                    throw new IllegalStateException("no setting of the restoration search gave a finite validation error");
                }
                LmppmRestoration chosen = given != null ? given
                        : LmppmRestoration.DEFAULTS.withSteps(best.steps).withWeights(best.alpha, best.beta);
                return new Choice(config.kernelBandwidth() != null ? 1 : best.scale, chosen, best.error, autoencoderError,
                        held.count());
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
            HeldOutSamples held, double alpha, double beta, int[] steps, double scale, Best best, double autoencoderError) {
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
                double e = s == 0 ? autoencoderError : held.error(encoding.decode(path.get(s)));
                best.offer(e, scale, alpha, beta, s);
            }
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
