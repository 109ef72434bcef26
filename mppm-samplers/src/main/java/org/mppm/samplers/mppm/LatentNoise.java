package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.SampleSeeds;
import org.mppm.core.stats.GaussianMoments;

/**
 * Where generation from latent noise starts: codes {@code z^1} {@code [count, d]} for the rows of
 * {@link SampleSeeds}, row b depending only on its own seed {@code seeds.rowSeed(b)} (stream 0), in
 * the given manager. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface LatentNoise {

    /** The codes of the rows of {@code seeds}, {@code [seeds.count(), d]}, owned by {@code manager}. */
    NDArray codes(NDManager manager, SampleSeeds seeds);

    /** {@code z ~ N(0, scale^2 I_d)} of the given floating type. */
    static LatentNoise isotropic(int dimension, double scale, DataType type) {
        Checks.requireAtLeast("dimension", dimension, 1);
        Checks.requirePositive("scale", scale);
        Objects.requireNonNull(type, "type");
        return (manager, seeds) -> seeds.normal(manager, new Shape(dimension), type, 0).muli(scale);
    }

    /**
     * {@code z ~ N(mean, covariance)} of {@code moments} (e.g. of the training codes, as the paper's
     * Fig. 7 and the authors' code start generation), float32: {@link GaussianMoments#sample(NDManager,
     * SampleSeeds, long)} of the rows with stream 0, i.e. row b is {@code mean + eps_b L^T} with
     * {@code eps_b} the row's normals of {@code of(rowSeed(b), 0)}.
     */
    static LatentNoise gaussian(GaussianMoments moments) {
        Objects.requireNonNull(moments, "moments");
        return (manager, seeds) -> moments.sample(manager, seeds, 0);
    }
}
