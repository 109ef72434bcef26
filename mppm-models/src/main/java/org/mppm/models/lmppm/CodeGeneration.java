package org.mppm.models.lmppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.Projection;
import org.mppm.samplers.mppm.LatentMppmProjector;
import org.mppm.samplers.mppm.LatentMppmSampler;

/**
 * Algorithm 2 (LMPPM generation) from starting codes the caller chose, {@code z^1} {@code [N, d]}
 * (e.g. the encodings {@code F(noise)} of noise images), in chunks of rows so that memory stays
 * bounded, optionally keeping the latent paths of the first samples. Starting from seeded latent
 * noise instead is {@link LatentMppmSampler}.
 *
 * @param images the generated {@code G(z)} {@code [N, ...]}, in the codes' manager
 * @param paths  the latent paths {@code [T + 1, k, d]} of the first k samples (of the first chunk),
 *               in the codes' manager; null when no path was asked for
 */
public record CodeGeneration(NDArray images, NDArray paths) {

    /**
     * Runs {@code generator}'s {@link LatentMppmProjector#projectCodes} on {@code codes} {@code [N, d]}
     * in chunks of {@code chunk} rows and concatenates the results.
     *
     * @param paths how many samples' paths to keep (0 for none; at most the first chunk's rows); the
     *              generator must then record its trajectory
     * @throws IllegalArgumentException if {@code chunk < 1} or {@code paths < 0}
     */
    public static CodeGeneration of(LatentMppmProjector generator, NDArray codes, int chunk, int paths) {
        Objects.requireNonNull(generator, "generator");
        Checks.requireBatch("codes", codes);
        Checks.requireAtLeast("chunk", chunk, 1);
        Checks.requireAtLeast("paths", paths, 0);
        NDList parts = new NDList();
        NDArray kept = null;
        for (long first = 0, n = codes.getShape().get(0); first < n; first += chunk) {
            try (Projection p = generator.projectCodes(codes.get("{}:{}", first, Math.min(n, first + chunk)))) {
                if (paths > 0 && kept == null) {
                    kept = p.trajectory().orElseThrow(() -> new IllegalArgumentException(
                            "paths need a generator that records its trajectory")).get(":, 0:{}", paths).duplicate();
                }
                parts.add(p.result().duplicate());
            }
        }
        return new CodeGeneration(parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts), kept);
    }
}
