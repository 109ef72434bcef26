package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;
import java.util.Optional;
import org.mppm.core.Projection;
import org.mppm.core.SampleSeeds;
import org.mppm.core.Sampler;

/**
 * LMPPM generation from latent noise (the MPPM paper's Fig. 7) as a {@link Sampler}: sample i draws
 * its code {@code z^1_i} from {@link LatentNoise} with its own seed, runs Algorithm 2's latent steps
 * from it ({@link LatentMppmProjector#projectCodes}) and returns {@code G(z_i)}, so the samples are
 * the same for every chunk size. Output {@code [count, ...]} as the autoencoder's embedding G makes
 * it (points {@code [count, D]}, images {@code [count, C, H, W]}), in the caller's manager. Codes
 * whose type differs from the autoencoder's element type are converted to it. Immutable and
 * thread-safe when the projector is.
 *
 * @param projector Algorithm 2 (its steps, weights, stopping; a recorded trajectory is dropped)
 * @param noise     where the codes start, e.g. {@link LatentNoise#gaussian} of the training codes
 */
public record LatentMppmSampler(LatentMppmProjector projector, LatentNoise noise) implements Sampler {

    public LatentMppmSampler {
        Objects.requireNonNull(projector, "projector");
        Objects.requireNonNull(noise, "noise");
    }

    /** Samples {@code firstSample, ..., firstSample + count - 1} of the stream {@code seed}: {@code [count, ...]}. */
    @Override
    public NDArray sampleRows(NDManager manager, long seed, long firstSample, int count) {
        SampleSeeds seeds = new SampleSeeds(seed, firstSample, count);
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = noise.codes(scope, seeds);
            Optional<DataType> type = projector.autoencoder().elementType();
            if (type.isPresent() && type.get() != z.getDataType()) {
                z = z.toType(type.get(), false);
            }
            Projection generated = projector.projectCodes(z);
            generated.trajectory().ifPresent(NDArray::close);
            NDArray samples = generated.result();
            samples.attach(manager);
            return samples;
        }
    }
}
