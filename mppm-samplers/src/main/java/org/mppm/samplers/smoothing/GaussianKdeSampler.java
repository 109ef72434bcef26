package org.mppm.samplers.smoothing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.mppm.core.Checks;
import org.mppm.core.HostArrays;
import org.mppm.core.SampleSeeds;
import org.mppm.core.Sampler;
import org.mppm.core.Scopes;

/**
 * Samples of the Gaussian kernel density estimate {@code (1/N) sum_i N(x_i, sigma^2 I)} of a
 * point set {@code [N, d]}: a uniformly chosen training point plus {@code sigma Z}. The
 * density-domain counterpart of log-domain smoothing with the same kernel (it puts mass off the
 * data manifold).
 *
 * <p>A {@link Sampler}: sample i takes a point index drawn uniformly in {@code [0, N)} by a generator
 * seeded with {@code of(of(seed, i), 0)} and the noise {@code Z} of stream 1, {@code of(of(seed, i), 1)}
 * ({@link SampleSeeds}), so the samples
 * are the same for every chunk size. Output {@code [count, d]} in the points' type, in the caller's
 * manager. Holds a host copy of the points (no engine resources): immutable and thread-safe.
 */
public final class GaussianKdeSampler implements Sampler {
    private final double[] points;
    private final long size;
    private final int dimension;
    private final DataType type;
    private final double sigma;

    private GaussianKdeSampler(double[] points, long size, int dimension, DataType type, double sigma) {
        this.points = points;
        this.size = size;
        this.dimension = dimension;
        this.type = type;
        this.sigma = sigma;
    }

    /**
     * The KDE sampler of {@code points} {@code [N, d]} (finite; copied to the host) with bandwidth
     * {@code sigma > 0}.
     */
    public static GaussianKdeSampler of(NDArray points, double sigma) {
        Checks.requireBatch("points", points);
        if (points.getShape().dimension() != 2) {
            throw new IllegalArgumentException("points must have shape [N, d], got " + points.getShape());
        }
        Checks.requireData("points", points);
        Checks.requirePositive("sigma", sigma);
        double[] host = Scopes.host(points, in -> in.toType(DataType.FLOAT64, false).toDoubleArray());
        return new GaussianKdeSampler(host, points.getShape().get(0), Math.toIntExact(points.getShape().get(1)),
                points.getDataType(), sigma);
    }

    public double sigma() {
        return sigma;
    }

    /** Samples {@code firstSample, ..., firstSample + count - 1} of the stream {@code seed}: {@code [count, d]}. */
    @Override
    public NDArray sampleRows(NDManager manager, long seed, long firstSample, int count) {
        SampleSeeds seeds = new SampleSeeds(seed, firstSample, count);
        long[] keys = seeds.longs(0);
        double[] centres = new double[count * dimension];
        for (int b = 0; b < count; b++) {
            long chosen = new SplittableRandom(keys[b]).nextLong(size);
            System.arraycopy(points, Math.toIntExact(chosen * dimension), centres, b * dimension, dimension);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray hostMade = scope.create(centres, new Shape(count, dimension));
            NDArray centre = HostArrays.convert(hostMade, type);
            NDArray z = seeds.normal(scope, new Shape(dimension), type, 1);
            NDArray samples = centre.add(z.muli(sigma));
            samples.attach(manager);
            return samples;
        }
    }
}
