package org.mppm.models.lmppm;

import org.mppm.core.Checks;
import org.mppm.core.density.NeighbourBandwidth;
import org.mppm.models.nn.AutoencoderSpec;
import org.mppm.models.train.TrainingSchedule;

/**
 * Everything that defines an LMPPM model (Section 4.2, Tables 7 and 10).
 *
 * @param autoencoder     the F/G architecture
 * @param distanceHidden  hidden widths of D_S (input d, output 1; Table 7: 100-50-20)
 * @param dropout         dropout of D_S's hidden layers (0.2)
 * @param weights         lambda_1..lambda_6 of Eq. 14
 * @param trainingNoise   sigma of the training noise (0.4 for MNIST)
 * @param clampNoisy      clamp noisy training samples to [0, 1] (authors' code; off by default)
 * @param autoencoderRate Adam learning rate of F and G (1e-3)
 * @param distanceRate    Adam learning rate of D_S (1e-5)
 * @param weightDecay     L2 weight decay (0)
 * @param schedule        epochs (100), batch (128), patience (8), validation split, seed
 * @param kernelBandwidth sigma_ker of Eq. 15 over the training codes; null (in a configuration to
 *                        fit) = from the training codes by the perplexity rule at {@code fit}
 *                        ({@link org.mppm.core.density.NeighbourBandwidth}); a fitted or loaded
 *                        model's configuration always holds the value, which is never recomputed
 * @param variant         Eq. 14 as printed (default; also when a saved configuration has none) or
 *                        the authors' code's terms
 * @param skipDropout     probability of decoding a training sample without the encoder's skips,
 *                        {@code G(S-hat(z), z)} ({@link org.mppm.models.nn.SkipDropout}; ours, not the
 *                        paper's; 0, the default, also when a saved configuration has none)
 * @param kernelPerplexity the perplexity k of the rule that sets sigma_ker when none is given, in
 *                        {@code (1, 50]}; null: {@link #DEFAULT_KERNEL_PERPLEXITY} (also when a saved
 *                        configuration has none)
 * @param restoration     alpha, beta, steps and variant of {@link Lmppm#restorer()}; null (in a
 *                        configuration to fit) = chosen at {@code fit} by {@link #restorationSearch}
 *                        ({@link LmppmRestoration#DEFAULTS} without a search); a fitted model's
 *                        configuration always holds it; a model saved before these settings were
 *                        saved loads with {@link LmppmRestoration#DEFAULTS}
 * @param kernelMetric    the metric of the kernel mean z-bar ({@link KernelMetric}); null (also in a
 *                        configuration saved before it existed): {@link KernelMetric#EUCLIDEAN}
 * @param restorationSearch how {@code fit} chooses sigma_ker and the restoration when they are null
 *                        ({@link RestorationSearch}: on the fit's validation split, never other
 *                        data); null: no search (sigma_ker from the perplexity rule, the restoration
 *                        {@link LmppmRestoration#DEFAULTS})
 */
public record LmppmConfig(AutoencoderSpec autoencoder, int[] distanceHidden, double dropout, Eq14Weights weights,
        double trainingNoise, boolean clampNoisy, double autoencoderRate, double distanceRate, double weightDecay,
        TrainingSchedule schedule, Double kernelBandwidth, Eq14Variant variant, double skipDropout,
        Double kernelPerplexity, LmppmRestoration restoration, KernelMetric kernelMetric,
        RestorationSearch restorationSearch) {

    /**
     * The perplexity of the default sigma_ker rule: z-bar averages about five codes (chosen a
     * priori; faces-restore's default, docs/results); needs at least 21 training samples.
     */
    public static final double DEFAULT_KERNEL_PERPLEXITY = 5;
    /** Codes the perplexity rule looks at (a subset seeded with the training seed when there are more). */
    public static final int KERNEL_RULE_QUERIES = 1000;

    public LmppmConfig {
        variant = variant == null ? Eq14Variant.paper() : variant;
        kernelMetric = kernelMetric == null ? KernelMetric.EUCLIDEAN : kernelMetric;
        kernelPerplexity = kernelPerplexity == null ? DEFAULT_KERNEL_PERPLEXITY : kernelPerplexity;
        if (!(kernelPerplexity > 1 && kernelPerplexity <= NeighbourBandwidth.NEIGHBOURS / 4.0)) {
            throw new IllegalArgumentException("kernelPerplexity must lie in (1, " + NeighbourBandwidth.NEIGHBOURS / 4
                    + "], got " + kernelPerplexity);
        }
        distanceHidden = distanceHidden.clone();
        Checks.requirePositive("trainingNoise", trainingNoise);
        Checks.requirePositive("autoencoderRate", autoencoderRate);
        Checks.requirePositive("distanceRate", distanceRate);
        if (kernelBandwidth != null) {
            Checks.requirePositive("kernelBandwidth", kernelBandwidth);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        if (!(skipDropout >= 0 && skipDropout < 1)) {
            throw new IllegalArgumentException("skipDropout must lie in [0, 1), got " + skipDropout);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must lie in [0, 1), got " + dropout);
        }
        if (restorationSearch != null && (kernelBandwidth == null || restoration == null) && !schedule.validates()) {
            throw new IllegalArgumentException("the restoration search chooses sigma_ker and the restoration on the"
                    + " validation split, but validationFraction is 0: set validationFraction > 0, or give both"
                    + " kernelBandwidth and restoration, or turn the search off (restorationSearch(null))");
        }
    }

    /** This configuration with sigma_ker set (as {@code fit} stores the value of the perplexity rule). */
    public LmppmConfig withKernelBandwidth(double sigma) {
        return new LmppmConfig(autoencoder, distanceHidden, dropout, weights, trainingNoise, clampNoisy, autoencoderRate,
                distanceRate, weightDecay, schedule, sigma, variant, skipDropout, kernelPerplexity, restoration, kernelMetric,
                restorationSearch);
    }

    /** This configuration with the restoration set (as {@code fit} stores the one it chose). */
    public LmppmConfig withRestoration(LmppmRestoration settings) {
        return new LmppmConfig(autoencoder, distanceHidden, dropout, weights, trainingNoise, clampNoisy, autoencoderRate,
                distanceRate, weightDecay, schedule, kernelBandwidth, variant, skipDropout, kernelPerplexity,
                java.util.Objects.requireNonNull(settings, "restoration"), kernelMetric, restorationSearch);
    }

    /**
     * The smallest number of training samples the perplexity rule needs for {@link #kernelPerplexity}:
     * {@code k <= min(N - 1, 200) / 4}.
     */
    public int samplesForKernelRule() {
        return (int) Math.ceil(4 * kernelPerplexity - 1e-9) + 1;
    }

    @Override
    public int[] distanceHidden() {
        return distanceHidden.clone();
    }

    /** D_S's widths: latent d, hidden..., 1. */
    public int[] distanceSizes(int latent) {
        int[] s = new int[distanceHidden.length + 2];
        s[0] = latent;
        System.arraycopy(distanceHidden, 0, s, 1, distanceHidden.length);
        s[s.length - 1] = 1;
        return s;
    }
}
