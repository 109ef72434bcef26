package org.mppm.models.edm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.mppm.core.Checks;
import org.mppm.core.Denoiser;
import org.mppm.core.SeededNoise;
import org.mppm.core.edm.EdmPreconditioning;

/**
 * The EDM loss of a denoiser on held-out data at fixed noise levels, a training-independent
 * measure of how well it fits the data distribution: the average over the levels {@code s_k} of
 * {@code lambda(s_k) mean_b |D(y_b + s_k n_b; s_k) - y_b|^2}, with {@code lambda} EDM's loss weight
 * for {@code sigmaData} and {@code n} standard normal noise from {@code seed} (the same for every
 * level). Data {@code [N, ...]}; lower is better.
 */
public final class EdmValidationLoss {
    private EdmValidationLoss() {}

    /** The loss; {@code data [N, ...]} finite, every level {@code > 0}. */
    public static double of(Denoiser denoiser, NDArray data, double[] sigmas, double sigmaData, long seed) {
        Checks.requireBatch("data", data);
        Checks.requireData("data", data);
        if (sigmas.length == 0) {
            throw new IllegalArgumentException("need at least one noise level");
        }
        for (double s : sigmas) {
            Checks.requirePositive("sigma", s);
        }
        EdmPreconditioning weights = new EdmPreconditioning(sigmaData);
        double total = 0;
        try (NDManager scope = data.getManager().newSubManager()) {
            NDArray clean = data.toType(DataType.FLOAT32, true);
            clean.attach(scope);
            NDArray noise = SeededNoise.normal(scope, clean.getShape(), DataType.FLOAT32, seed);
            for (double s : sigmas) {
                try (NDManager level = scope.newSubManager()) {
                    NDArray noisy = noise.mul(s).add(clean);
                    noisy.attach(level);
                    NDArray error = denoiser.denoise(noisy, s).sub(clean).square();
                    total += weights.lossWeight(s) * error.sum().getFloat() / data.getShape().get(0);
                }
            }
        }
        return total / sigmas.length;
    }

    /**
     * The loss at each level alone, {@code [of(.., {s_k}, ..) for each k]}: the same noise as in
     * {@link #of}, one level at a time, so their mean is {@link #of} over all levels.
     */
    public static double[] byLevel(Denoiser denoiser, NDArray data, double[] sigmas, double sigmaData, long seed) {
        double[] loss = new double[sigmas.length];
        for (int k = 0; k < sigmas.length; k++) {
            loss[k] = of(denoiser, data, new double[] {sigmas[k]}, sigmaData, seed);
        }
        return loss;
    }
}
