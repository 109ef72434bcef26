package org.mppm.models.io;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.KarrasSchedule;
import org.mppm.core.Sampler;
import org.mppm.core.stats.GaussianMoments;
import org.mppm.models.edm.ImageDenoiser;
import org.mppm.models.edm.ImageDenoiserConfig;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.SmoothedCodeSampler;
import org.mppm.samplers.edm.EdmGenerator;
import org.mppm.samplers.edm.HeunStep;
import org.mppm.samplers.edm.MadStep;
import org.mppm.samplers.mppm.LatentMppmSampler;
import org.mppm.samplers.mppm.LatentNoise;

/**
 * Opens a saved model as a {@link Sampler} of new images, by the model's kind and a generation method:
 * <ul>
 *   <li>{@value SavedModels#LMPPM}, method {@value #LMPPM}: Algorithm 2 from latent noise
 *       ({@link LatentMppmSampler}: codes from N(mean, covariance) of the training codes, the
 *       model's saved restoration settings, {@code steps} latent steps);</li>
 *   <li>{@value SavedModels#LMPPM}, method {@value #SMOOTHING}: the smoothed-score reverse SDE
 *       over the saved training codes, decoded ({@link SmoothedCodeSampler}, kernel width
 *       {@value #SMOOTHING_WIDTH} in standardised units, {@code steps} steps);</li>
 *   <li>{@value #EDM_KIND} (an {@link ImageDenoiser}), methods {@value #EULER}, {@value #HEUN},
 *       {@value #MAD} (a = 1.5, b = 1): {@link EdmGenerator} on {@code KarrasSchedule.edm(steps)}.</li>
 * </ul>
 * Other kinds save no training codes or denoiser to generate from and are refused, naming the
 * supported kinds.
 */
public final class SavedSamplers {
    /** The kind of a saved {@link ImageDenoiser}. */
    public static final String EDM_KIND = "edm-image-denoiser";
    public static final String LMPPM = "lmppm";
    public static final String SMOOTHING = "smoothing";
    public static final String EULER = "euler";
    public static final String HEUN = "heun";
    public static final String MAD = "mad";
    /** The kernel width of {@value #SMOOTHING}, in standardised code units. */
    public static final double SMOOTHING_WIDTH = 0.5;
    /** The methods each kind supports, the first its default. */
    public static final Map<String, List<String>> METHODS = Map.of(SavedModels.LMPPM, List.of(LMPPM, SMOOTHING),
            EDM_KIND, List.of(EULER, HEUN, MAD));

    private SavedSamplers() {}

    /** A loaded model with a sampler; valid until {@link #close()}. */
    public record Opened(String kind, String method, Shape sampleShape, Sampler sampler, AutoCloseable resources)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                resources.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the " + kind + " model", e);
            }
        }
    }

    /** The default method of the model in {@code dir}; fails naming the supported kinds if it has none. */
    public static String defaultMethod(Path dir) {
        return methods(dir).get(0);
    }

    /** The methods the model in {@code dir} supports. */
    public static List<String> methods(Path dir) {
        String kind = SavedModels.kind(dir);
        List<String> methods = METHODS.get(kind);
        if (methods == null) {
            throw new IllegalArgumentException(dir + ": a model of kind '" + kind + "' does not generate; kinds that do: "
                    + METHODS);
        }
        return methods;
    }

    /** {@link #open(Path, String, int, long, Device)} on the engine's default device. */
    public static Opened open(Path dir, String method, int steps, long seed) {
        return open(dir, method, steps, seed, Engine.getInstance().defaultDevice());
    }

    /**
     * Loads the model in {@code dir} and builds the sampler of {@code method}.
     *
     * @param steps the method's steps (Algorithm 2 steps, reverse SDE steps, EDM levels), {@code >= 1}
     * @param seed  the seed of the smoothing draws (smoothing only; the samples' own noise comes from
     *              the seed given to {@link Sampler#sample})
     * @throws IllegalArgumentException if the kind does not generate or the method is not one of its
     *                                  {@link #methods}
     */
    public static Opened open(Path dir, String method, int steps, long seed, Device device) {
        Objects.requireNonNull(method, "method");
        Checks.requireAtLeast("steps", steps, 1);
        List<String> methods = methods(dir);
        if (!methods.contains(method)) {
            throw new IllegalArgumentException(dir + ": method '" + method + "' is not one of " + methods + " for a model of kind '"
                    + SavedModels.kind(dir) + "'");
        }
        if (methods.contains(LMPPM)) {
            Lmppm model = Lmppm.load(dir, device);
            try {
                Shape shape = model.autoencoder().sampleShape();
                if (method.equals(LMPPM)) {
                    Sampler s = new LatentMppmSampler(model.restoration().steps(steps).build(),
                            LatentNoise.gaussian(GaussianMoments.of(model.codes())));
                    return new Opened(SavedModels.LMPPM, method, shape, s, model);
                }
                SmoothedCodeSampler s = SmoothedCodeSampler.of(model.manifold(), model.codes(), SMOOTHING_WIDTH, Math.max(2, steps), seed);
                return new Opened(SavedModels.LMPPM, method, shape, s, () -> {
                    try (model; s) {
                        // frees the codes' copy, then the model
                    }
                });
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
        ImageDenoiser denoiser = ImageDenoiser.load(dir, device);
        ImageDenoiserConfig c = denoiser.config();
        EdmGenerator.Builder b = EdmGenerator.builder().denoiser(denoiser).schedule(KarrasSchedule.edm(steps))
                .sampleShape(c.channels(), c.height(), c.width());
        if (method.equals(HEUN)) {
            b.rule(HeunStep.instance());
        } else if (method.equals(MAD)) {
            b.rule(MadStep.of(1.5, 1));
        }
        return new Opened(EDM_KIND, method, new Shape(c.channels(), c.height(), c.width()), b.build(), denoiser);
    }
}
