package org.mppm.models.lmppm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.mppm.core.Projection;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.geometry.AffineSubspace;
import org.mppm.core.geometry.Frames;
import org.mppm.core.geometry.Sphere;
import org.mppm.samplers.mppm.LatentMppmProjector;

/** Algorithm 2 on exact parts (a plane in R^5 as the autoencoder, codes near the unit circle): chunking changes nothing. */
class CodeGenerationTest {
    private static final AffineSubspace PLANE = new AffineSubspace(new double[] {1, 0, -1, 0, 2}, Frames.random(2, 5, 8));
    private static final Sphere CIRCLE = new Sphere(new double[2], 1, Frames.standard(2, 2));

    @Test
    void chunksGiveTheWholeBatchsImagesAndTheFirstPaths() {
        try (NDManager nd = NDManager.newBaseManager();
                GaussianKernelDensity kde = GaussianKernelDensity.of(nd.create(new double[][] {{1, 0}, {0, 1}, {-1, 0}}), 0.3)) {
            LatentMppmProjector alg2 = LatentMppmProjector.builder().autoencoder(PLANE).distance(CIRCLE).kernel(kde)
                    .alpha(0.2).beta(0.1).steps(6).recordTrajectory(true).build();
            NDArray codes = nd.create(new double[][] {{0.3, 2}, {2, 2}, {-1, 0.5}, {0.1, -0.4}, {1.5, 0}});
            try (Projection whole = alg2.projectCodes(codes)) {
                CodeGeneration chunked = CodeGeneration.of(alg2, codes, 2, 2);
                assertEquals(new Shape(5, 5), chunked.images().getShape());
                assertArrayEquals(whole.result().toDoubleArray(), chunked.images().toDoubleArray(), 1e-12);
                assertEquals(new Shape(7, 2, 2), chunked.paths().getShape(), "T + 1 states of 2 samples");
                assertArrayEquals(whole.trajectory().orElseThrow().get(":, 0:2").toDoubleArray(),
                        chunked.paths().toDoubleArray(), 1e-12);
            }
            assertNull(CodeGeneration.of(alg2, codes, 10, 0).paths());
            assertThrows(IllegalArgumentException.class, () -> CodeGeneration.of(alg2, codes, 0, 0));
            LatentMppmProjector unrecorded = LatentMppmProjector.builder().autoencoder(PLANE).distance(CIRCLE).kernel(kde)
                    .alpha(0.2).beta(0.1).steps(6).build();
            assertThrows(IllegalArgumentException.class, () -> CodeGeneration.of(unrecorded, codes, 2, 1));
        }
    }
}
