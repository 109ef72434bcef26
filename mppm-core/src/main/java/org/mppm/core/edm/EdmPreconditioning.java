package org.mppm.core.edm;

import org.mppm.core.Checks;

/**
 * EDM's preconditioning (Karras et al. 2022, Table 1; reference.md): a network F becomes the
 * denoiser {@code D(x; s) = c_skip(s) x + c_out(s) F(c_in(s) x; c_noise(s))} with
 * <pre>
 *   c_skip = sd^2 / (s^2 + sd^2)      c_out = s sd / sqrt(s^2 + sd^2)
 *   c_in   = 1 / sqrt(s^2 + sd^2)     c_noise = ln(s) / 4
 * </pre>
 * and the training loss weight {@code lambda(s) = (s^2 + sd^2) / (s sd)^2}. Scalars in, scalars out.
 *
 * @param sigmaData the data standard deviation sd, {@code > 0} (EDM: 0.5)
 */
public record EdmPreconditioning(double sigmaData) {

    public EdmPreconditioning {
        Checks.requirePositive("sigmaData", sigmaData);
    }

    /** EDM's default, sigma_data = 0.5. */
    public static EdmPreconditioning standard() {
        return new EdmPreconditioning(0.5);
    }

    public double cSkip(double sigma) {
        double sd2 = sigmaData * sigmaData;
        return sd2 / (sigma * sigma + sd2);
    }

    public double cOut(double sigma) {
        return sigma * sigmaData / Math.sqrt(sigma * sigma + sigmaData * sigmaData);
    }

    public double cIn(double sigma) {
        return 1 / Math.sqrt(sigma * sigma + sigmaData * sigmaData);
    }

    public double cNoise(double sigma) {
        Checks.requirePositive("sigma", sigma);
        return Math.log(sigma) / 4;
    }

    /** The loss weight {@code (s^2 + sd^2) / (s sd)^2}. */
    public double lossWeight(double sigma) {
        Checks.requirePositive("sigma", sigma);
        return (sigma * sigma + sigmaData * sigmaData) / (sigma * sigma * sigmaData * sigmaData);
    }
}
