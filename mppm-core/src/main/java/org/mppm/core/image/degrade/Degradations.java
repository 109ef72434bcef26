package org.mppm.core.image.degrade;

import java.util.List;
import java.util.Locale;

/**
 * Parses a degradation from its {@code kind-parameter} text, the form of {@link Degradation#key()}:
 * <ul>
 *   <li>{@code noise-S}: {@link GaussianNoise} of sigma S, e.g. {@code noise-0.5}</li>
 *   <li>{@code elastic-SIGMA} or {@code elastic-ALPHA-SIGMA}: {@link ElasticDeformation}, alpha
 *       {@value ElasticDeformation#PAPER_ALPHA} unless given, e.g. {@code elastic-2.3}</li>
 *   <li>{@code down-F} or {@code downsample-F}: {@link Downsampling} by factor F, e.g. {@code down-0.5}</li>
 *   <li>{@code missing-F}: {@link MissingPixels}, fraction F of the pixels, e.g. {@code missing-0.08}</li>
 *   <li>{@code scribble-N}: {@link Scribbles}, N strokes, e.g. {@code scribble-13}</li>
 *   <li>{@code sharpen-A}: {@link OverSharpening} of amount A, e.g. {@code sharpen-10}</li>
 * </ul>
 * So {@code parse(d.key())} gives back {@code d} for every degradation of the papers' tables.
 */
public final class Degradations {
    private Degradations() {}

    /** The accepted forms, for error and help texts. */
    public static final List<String> FORMS = List.of("noise-SIGMA", "elastic-SIGMA", "elastic-ALPHA-SIGMA", "down-FACTOR",
            "downsample-FACTOR", "missing-FRACTION", "scribble-COUNT", "sharpen-AMOUNT");

    /**
     * The degradation named by {@code text}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms if the kind is
     *                                  unknown or a parameter is missing or not a number, and
     *                                  naming the parameter if it is out of range
     */
    public static Degradation parse(String text) {
        if (text == null || text.isBlank()) {
            throw error(text, "empty");
        }
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split("-", -1);
        String kind = parts[0];
        int params = parts.length - 1;
        try {
            return switch (kind) {
                case "noise" -> new GaussianNoise(one(text, parts));
                case "elastic" -> params == 2 ? new ElasticDeformation(number(text, parts[1]), number(text, parts[2]))
                        : ElasticDeformation.ofSigma(one(text, parts));
                case "down", "downsample" -> new Downsampling(one(text, parts));
                case "missing" -> MissingPixels.ofFraction(one(text, parts));
                case "sharpen" -> OverSharpening.ofAmount(one(text, parts));
                case "scribble" -> {
                    double n = one(text, parts);
                    if (n != Math.rint(n)) {
                        throw new IllegalArgumentException("the scribble count must be a whole number, got " + parts[1]);
                    }
                    yield Scribbles.ofCount((int) n);
                }
                default -> throw error(text, "unknown kind '" + kind + "'");
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("degradation '")) {
                throw e;
            }
            throw new IllegalArgumentException("degradation '" + text + "': " + e.getMessage(), e);
        }
    }

    private static double one(String text, String[] parts) {
        if (parts.length != 2) {
            throw error(text, "expected one parameter after '" + parts[0] + "-'");
        }
        return number(text, parts[1]);
    }

    private static double number(String text, String s) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw error(text, "parameter '" + s + "' is not a finite number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(text, "parameter '" + s + "' is not a number");
        }
    }

    private static IllegalArgumentException error(String text, String why) {
        return new IllegalArgumentException("degradation '" + text + "': " + why + "; expected one of " + String.join(", ", FORMS)
                + " (e.g. noise-0.5, elastic-2.3, down-0.5, missing-0.08)");
    }
}
