package org.mppm.models.lmppm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The grid an LMPPM fit searches for the settings it was not given (sigma_ker and Algorithm 2's
 * alpha, beta and steps), on the validation part of its training data, and never on other data:
 * <ol>
 * <li>the validation part of the fit's {@link org.mppm.models.train.ValidationSplit} (the samples
 * early stopping held out, never trained on), its first {@link #samples()} samples, is degraded
 * with the training noise ({@code x + trainingNoise * N(0, 1)}, clamped to [0, 1] when the fit
 * clamps or the samples are images), drawn from a generator seeded with the fit's seed;</li>
 * <li>z-bar's kernel runs over the codes of the training part only, in the configured
 * {@link KernelMetric}, with sigma_ker = scale x the perplexity rule on all N codes;</li>
 * <li>every grid point (scale, alpha, beta, steps) restores the degraded samples with Algorithm 2
 * (encode once); the criterion is the mean squared error to the clean samples; the lowest wins,
 * ties to the first in grid order (scales, alpha, beta, steps, each in axis order).</li>
 * </ol>
 * An axis with one value fixes that setting: that is how a user overrides one setting and lets the
 * fit choose the others ({@code RestorationSearch.defaults().withSteps(16)}). Validated when built
 * (messages name the axis); arrays are copied in and out.
 *
 * @param bandwidthScales multiples of the perplexity rule's sigma_ker (each {@code > 0}, finite); ignored
 *                        when the configuration sets sigma_ker
 * @param alphas          weights of the distance descent (each {@code > 0}, finite)
 * @param betas           weights of the kernel pull (each {@code >= 0}, finite); pairs with
 *                        {@code alpha + beta >= 1} ({@code beta > 0}) or {@code alpha > 1} (beta = 0) are
 *                        skipped, at least one pair must remain
 * @param steps           step counts (each {@code >= 0}; 0 is G(F(x)), the decoded encoding)
 * @param samples         at most this many validation samples are restored per setting ({@code >= 1})
 */
public record RestorationSearch(double[] bandwidthScales, double[] alphas, double[] betas, int[] steps, int samples) {

    /**
     * sigma_ker at 0.5, 1 and 2 times the perplexity rule; alpha 0.05, 0.15, 0.3; beta 0, 0.03,
     * 0.1; 4, 8, 16 or 32 steps (or none); 500 validation samples. 27 restorations of the
     * validation samples (beta 0 once for all scales), each decoded at the five step counts.
     */
    public static RestorationSearch defaults() {
        return new RestorationSearch(new double[] {0.5, 1, 2}, new double[] {0.05, 0.15, 0.3},
                new double[] {0, 0.03, 0.1}, new int[] {0, 4, 8, 16, 32}, 500);
    }

    public RestorationSearch {
        bandwidthScales = requireAxis("bandwidthScales", bandwidthScales, 0, false);
        alphas = requireAxis("alphas", alphas, 0, false);
        betas = requireAxis("betas", betas, 0, true);
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException("steps must hold at least one step count");
        }
        steps = steps.clone();
        for (int s : steps) {
            if (s < 0) {
                throw new IllegalArgumentException("steps must be >= 0, got " + Arrays.toString(steps));
            }
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        }
        if (weightPairs(alphas, betas).isEmpty()) {
            throw new IllegalArgumentException("no valid (alpha, beta) pair in alphas " + Arrays.toString(alphas)
                    + " and betas " + Arrays.toString(betas) + " (need alpha + beta < 1, or alpha <= 1 with beta = 0)");
        }
    }

    private static double[] requireAxis(String name, double[] values, double bound, boolean zeroAllowed) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one value");
        }
        for (double v : values) {
            if (!(Double.isFinite(v) && (zeroAllowed ? v >= bound : v > bound))) {
                throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? ">= " : "> ") + bound
                        + " and finite, got " + Arrays.toString(values));
            }
        }
        return values.clone();
    }

    /** The valid {@code (alpha, beta)} pairs of the two axes, in axis order (alpha outer). */
    static List<double[]> weightPairs(double[] alphas, double[] betas) {
        List<double[]> pairs = new ArrayList<>();
        for (double a : alphas) {
            for (double b : betas) {
                if (b == 0 ? a <= 1 : a + b < 1) {
                    pairs.add(new double[] {a, b});
                }
            }
        }
        return pairs;
    }

    /** This grid with sigma_ker at these multiples of the perplexity rule. */
    public RestorationSearch withBandwidthScales(double... scales) {
        return new RestorationSearch(scales, alphas, betas, steps, samples);
    }

    /** This grid with these alphas. */
    public RestorationSearch withAlphas(double... values) {
        return new RestorationSearch(bandwidthScales, values, betas, steps, samples);
    }

    /** This grid with these betas. */
    public RestorationSearch withBetas(double... values) {
        return new RestorationSearch(bandwidthScales, alphas, values, steps, samples);
    }

    /** This grid with these step counts. */
    public RestorationSearch withSteps(int... values) {
        return new RestorationSearch(bandwidthScales, alphas, betas, values, samples);
    }

    /** This grid restoring at most n validation samples per setting. */
    public RestorationSearch withSamples(int n) {
        return new RestorationSearch(bandwidthScales, alphas, betas, steps, n);
    }

    @Override
    public double[] bandwidthScales() {
        return bandwidthScales.clone();
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    @Override
    public double[] betas() {
        return betas.clone();
    }

    @Override
    public int[] steps() {
        return steps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestorationSearch r && Arrays.equals(bandwidthScales, r.bandwidthScales)
                && Arrays.equals(alphas, r.alphas) && Arrays.equals(betas, r.betas) && Arrays.equals(steps, r.steps)
                && samples == r.samples;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(bandwidthScales), Arrays.hashCode(alphas), Arrays.hashCode(betas),
                Arrays.hashCode(steps), samples});
    }

    @Override
    public String toString() {
        return "RestorationSearch[bandwidthScales=" + Arrays.toString(bandwidthScales) + ", alphas=" + Arrays.toString(alphas)
                + ", betas=" + Arrays.toString(betas) + ", steps=" + Arrays.toString(steps) + ", samples=" + samples + "]";
    }
}
