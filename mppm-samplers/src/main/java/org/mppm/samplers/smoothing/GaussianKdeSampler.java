package org.mppm.samplers.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.mppm.core.Checks;
import org.mppm.core.SeededNoise;
import org.mppm.core.Scopes;

/**
 * Samples of the Gaussian kernel density estimate {@code (1/N) sum_i N(x_i, sigma^2 I)} of a
 * point set: a uniformly chosen training point plus {@code sigma Z}. The density-domain
 * counterpart of log-domain smoothing with the same kernel (it puts mass off the data manifold).
 * Deterministic by seed; one host draw of the indices and the noise per call.
 */
public final class GaussianKdeSampler {
    private GaussianKdeSampler() {}

    /**
     * @param points the training points {@code [N, d]}
     * @param count  the number of samples M >= 1
     * @param sigma  the bandwidth, {@code > 0}
     * @return {@code [M, d]}, owned by points' manager
     */
    public static NDArray sample(NDArray points, int count, double sigma, long seed) {
        Checks.requireBatch("points", points);
        Checks.requireData("points", points);
        if (points.getShape().dimension() != 2) {
            throw new IllegalArgumentException("points must have shape [N, d], got " + points.getShape());
        }
        Checks.requireAtLeast("count", count, 1);
        Checks.requirePositive("sigma", sigma);
        SplittableRandom random = new SplittableRandom(seed);
        long n = points.getShape().get(0);
        long[] chosen = new long[count];
        for (int i = 0; i < count; i++) {
            chosen[i] = random.nextLong(n);
        }
        long noiseSeed = random.nextLong();
        return Scopes.scoped(points, in -> {
            NDArray index = in.getManager().create(chosen);
            NDArray centres = in.get(new NDIndex("{}", index));
            NDArray z = SeededNoise.normal(in.getManager(), new Shape(count, in.getShape().get(1)), in.getDataType(), noiseSeed);
            return centres.add(z.muli(sigma));
        });
    }
}
