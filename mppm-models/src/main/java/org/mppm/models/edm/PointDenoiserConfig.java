package org.mppm.models.edm;

import java.util.List;
import org.mppm.core.Checks;

/**
 * The architecture of a {@link PointDenoiser}: points of dimension D, an MLP
 * {@code [D + 1] -> hidden... -> [D]} with SiLU activations, EDM preconditioning with sigma_data.
 *
 * @param dimension D >= 1
 * @param hidden    the hidden widths, each >= 1, at least one layer
 * @param sigmaData the data standard deviation of the preconditioning, {@code > 0}
 */
public record PointDenoiserConfig(int dimension, List<Integer> hidden, double sigmaData) {

    public PointDenoiserConfig {
        Checks.requireAtLeast("dimension", dimension, 1);
        hidden = List.copyOf(hidden);
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException("hidden must list at least one layer width");
        }
        for (int width : hidden) {
            Checks.requireAtLeast("hidden width", width, 1);
        }
        Checks.requirePositive("sigmaData", sigmaData);
    }

    /** D-dimensional points, three hidden layers of 128, sigma_data 0.5. */
    public static PointDenoiserConfig of(int dimension) {
        return new PointDenoiserConfig(dimension, List.of(128, 128, 128), 0.5);
    }
}
