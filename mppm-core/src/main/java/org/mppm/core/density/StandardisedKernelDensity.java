package org.mppm.core.density;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.mppm.core.Checks;
import org.mppm.core.KernelDensity;
import org.mppm.core.Scopes;

/**
 * The Gaussian kernel density of Eq. 5 over codes S ({@code [N, d]}) in the metric of the
 * standardised codes: with {@code mu} and {@code s} the per-dimension mean and standard deviation
 * of S ({@code [1, d]}; a dimension with {@code s = 0} keeps scale 1), every distance is taken
 * between {@code u = (z - mu) / s} and {@code u_a = (s_a - mu) / s}. This is the kernel density
 * with the diagonal bandwidth {@code sigma s_i} in dimension i:
 * {@code log P(z) = log P_u(u) - sum_i log s_i}, and the kernel mean (Eq. 15)
 * {@code z-bar = sum_a w_a s_a}, {@code w = softmax_a(-|u - u_a|^2 / (2 sigma^2))}, is a weighted mean
 * of the raw codes. A latent dimension with a large spread then weighs no more in the kernel than
 * one with a small spread. {@link #bandwidth()} is sigma in standardised units.
 *
 * <p>Built on {@link GaussianKernelDensity} over the standardised codes (chunked, stable at every
 * bandwidth). Owns copies of the codes, mu and s: close it when done. Results belong to the
 * manager of the query.
 */
public final class StandardisedKernelDensity implements KernelDensity.Owned {
    private final NDManager manager;
    private final NDArray mean;
    private final NDArray scale;
    private final double logScaleSum;
    private final GaussianKernelDensity standardised;

    private StandardisedKernelDensity(NDArray codes, double bandwidth) {
        requireCodes(codes);
        GaussianKernelDensity.requireBandwidth(bandwidth, codes.getDataType());
        this.manager = NDManager.newBaseManager(codes.getDevice());
        try (NDManager scope = codes.getManager().newSubManager()) {
            NDArray c = Scopes.alias(codes, scope);
            NDArray mu = c.mean(new int[] {0}, true);
            NDArray s = spread(c, mu);
            this.logScaleSum = s.log().sum().toType(DataType.FLOAT64, false).getDouble();
            this.standardised = GaussianKernelDensity.of(c.sub(mu).div(s), bandwidth);
            mu.attach(manager);
            s.attach(manager);
            this.mean = mu;
            this.scale = s;
        }
    }

    /**
     * A density over the codes {@code [N, d]} ({@code N >= 2}, finite, floating; copied) with
     * bandwidth sigma in standardised units.
     */
    public static StandardisedKernelDensity of(NDArray codes, double bandwidth) {
        return new StandardisedKernelDensity(codes, bandwidth);
    }

    /**
     * The standardised codes {@code (s_a - mu) / s}, {@code [N, d] -> [N, d]} ({@code N >= 2}), owned by
     * the codes' manager: the points a bandwidth rule (e.g. {@link NeighbourBandwidth}) sees when
     * the density is built with {@link #of}.
     */
    public static NDArray standardise(NDArray codes) {
        requireCodes(codes);
        return Scopes.scoped(codes, c -> {
            NDArray mu = c.mean(new int[] {0}, true);
            return c.sub(mu).div(spread(c, mu));
        });
    }

    private static void requireCodes(NDArray codes) {
        Checks.requireBatch("codes", codes);
        if (codes.getShape().dimension() != 2) {
            throw new IllegalArgumentException("codes must have shape [N, d], got " + codes.getShape());
        }
        if (codes.getShape().get(0) < 2) {
            throw new IllegalArgumentException("need at least 2 codes to standardise them, got " + codes.getShape().get(0));
        }
        Checks.requireData("codes", codes);
        Checks.requireFloating("codes", codes);
    }

    /** The per-dimension population standard deviation {@code [1, d]}, 1 where it is 0. */
    private static NDArray spread(NDArray c, NDArray mu) {
        NDArray s = c.sub(mu).square().mean(new int[] {0}, true).sqrt();
        return s.add(s.eq(0).toType(s.getDataType(), false));
    }

    @Override
    public int dimension() {
        return standardised.dimension();
    }

    @Override
    public long size() {
        return standardised.size();
    }

    /** sigma in standardised units (dimension i has bandwidth {@code sigma s_i} in the codes' units). */
    @Override
    public double bandwidth() {
        return standardised.bandwidth();
    }

    /** The per-dimension means mu of the codes, {@code [1, d]} (owned by this density; do not close). */
    public NDArray mean() {
        return mean;
    }

    /** The per-dimension scales s of the codes, {@code [1, d]} (owned by this density; do not close). */
    public NDArray scale() {
        return scale;
    }

    @Override
    public NDArray logDensity(NDArray z) {
        Checks.requirePoints("z", z, dimension());
        return Scopes.scoped(z, in -> standardised.logDensity(toStandard(in)).subi(logScaleSum));
    }

    @Override
    public NDArray kernelMean(NDArray z) {
        Checks.requirePoints("z", z, dimension());
        return Scopes.scoped(z, in -> fromStandard(standardised.kernelMean(toStandard(in))));
    }

    /** {@code grad log P(z) = (z-bar - z) / (sigma^2 s^2)} per dimension: {@code [B, d] -> [B, d]}. */
    @Override
    public NDArray score(NDArray z) {
        Checks.requirePoints("z", z, dimension());
        double h2 = bandwidth() * bandwidth();
        return Scopes.scoped(z, in -> {
            NDArray s = in.getManager().zeros(scale.getShape(), in.getDataType()).addi(scale);
            return fromStandard(standardised.kernelMean(toStandard(in))).subi(in).divi(s.square().muli(h2));
        });
    }

    private NDArray toStandard(NDArray z) {
        NDManager m = z.getManager();
        // mu and s in the query's scope and type, so that no op starts on the long-lived copies
        NDArray mu = m.zeros(mean.getShape(), z.getDataType()).addi(mean);
        NDArray s = m.zeros(scale.getShape(), z.getDataType()).addi(scale);
        return z.sub(mu).divi(s);
    }

    private NDArray fromStandard(NDArray u) {
        NDManager m = u.getManager();
        NDArray mu = m.zeros(mean.getShape(), u.getDataType()).addi(mean);
        NDArray s = m.zeros(scale.getShape(), u.getDataType()).addi(scale);
        return u.mul(s).addi(mu);
    }

    /** Frees the codes; later calls fail with a clear message. */
    @Override
    public void close() {
        standardised.close();
        manager.close();
    }
}
