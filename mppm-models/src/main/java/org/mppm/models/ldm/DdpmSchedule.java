package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/**
 * The variance schedule of a DDPM (Ho et al. 2020) with T steps, indexed {@code t = 1..T}: entry
 * {@code t - 1} of each array belongs to step t.
 *
 * <ul>
 *   <li>{@code beta_t} in (0, 1), the variance added by step t;</li>
 *   <li>{@code alpha_t = 1 - beta_t};</li>
 *   <li>{@code alphaBar_t = prod_{s <= t} alpha_s}, so that the forward process is
 *       {@code q(z_t | z_0) = N(sqrt(alphaBar_t) z_0, (1 - alphaBar_t) I)}.</li>
 * </ul>
 * The canonical constructor checks that the three arrays agree (relative 1e-9); use
 * {@link #of(double[])} or {@link #linear} to derive them.
 */
public record DdpmSchedule(double[] betas, double[] alphas, double[] alphaBars) {

    public DdpmSchedule {
        if (betas == null || alphas == null || alphaBars == null) {
            throw new IllegalArgumentException("betas, alphas and alphaBars are required");
        }
        if (betas.length < 1 || alphas.length != betas.length || alphaBars.length != betas.length) {
            throw new IllegalArgumentException("betas, alphas and alphaBars must have the same length >= 1, got "
                    + betas.length + ", " + alphas.length + ", " + alphaBars.length);
        }
        betas = betas.clone();
        alphas = alphas.clone();
        alphaBars = alphaBars.clone();
        double product = 1;
        for (int i = 0; i < betas.length; i++) {
            if (!(betas[i] > 0 && betas[i] < 1)) {
                throw new IllegalArgumentException("beta_" + (i + 1) + " must lie in (0, 1), got " + betas[i]);
            }
            product *= 1 - betas[i];
            if (!(Math.abs(alphas[i] - (1 - betas[i])) <= 1e-9)) {
                throw new IllegalArgumentException("alpha_" + (i + 1) + " must be 1 - beta = " + (1 - betas[i]) + ", got " + alphas[i]);
            }
            if (!(Math.abs(alphaBars[i] - product) <= 1e-9 * product)) {
                throw new IllegalArgumentException("alphaBar_" + (i + 1) + " must be prod(1 - beta_s) = " + product + ", got "
                        + alphaBars[i]);
            }
        }
    }

    /** The schedule of these betas (beta_1 first). */
    public static DdpmSchedule of(double... betas) {
        double[] alphas = new double[betas.length];
        double[] alphaBars = new double[betas.length];
        double product = 1;
        for (int i = 0; i < betas.length; i++) {
            alphas[i] = 1 - betas[i];
            product *= alphas[i];
            alphaBars[i] = product;
        }
        return new DdpmSchedule(betas, alphas, alphaBars);
    }

    /**
     * Linearly spaced betas from {@code betaStart} (t = 1) to {@code betaEnd} (t = T), as DDPM
     * (1e-4 to 0.02); {@code steps} = T >= 1.
     */
    public static DdpmSchedule linear(double betaStart, double betaEnd, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        double[] betas = new double[steps];
        for (int i = 0; i < steps; i++) {
            betas[i] = steps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * i / (steps - 1);
        }
        return of(betas);
    }

    /** T, the number of steps. */
    public int steps() {
        return betas.length;
    }

    @Override
    public double[] betas() {
        return betas.clone();
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    @Override
    public double[] alphaBars() {
        return alphaBars.clone();
    }

    /** beta_t, {@code 1 <= t <= T}. */
    public double beta(int t) {
        return betas[index(t)];
    }

    /** alpha_t = 1 - beta_t. */
    public double alpha(int t) {
        return alphas[index(t)];
    }

    /** {@code alphaBar_t = prod_{s <= t} (1 - beta_s)}. */
    public double alphaBar(int t) {
        return alphaBars[index(t)];
    }

    /** Requires {@code 1 <= t <= T}; returns t. */
    public int requireStep(String name, int t) {
        if (t < 1 || t > steps()) {
            throw new IllegalArgumentException(name + " must lie in [1, " + steps() + "] (the schedule's steps), got " + t);
        }
        return t;
    }

    private int index(int t) {
        return requireStep("t", t) - 1;
    }

    /**
     * A sample of the forward process {@code q(z_t | z_0)}:
     * {@code z_t = sqrt(alphaBar_t) z_0 + sqrt(1 - alphaBar_t) eps}, row by row.
     *
     * @param z0  clean codes {@code [B, d]}
     * @param t   steps {@code [B]} (INT64 in 1..T)
     * @param eps standard normal noise {@code [B, d]}
     * @return {@code [B, d]}, in z0's manager
     */
    public NDArray diffuse(NDArray z0, NDArray t, NDArray eps) {
        NDManager m = z0.getManager();
        try (NDManager scope = m.newSubManager()) {
            float[] root = new float[steps()];
            float[] rootComplement = new float[steps()];
            for (int i = 0; i < steps(); i++) {
                root[i] = (float) Math.sqrt(alphaBars[i]);
                rootComplement[i] = (float) Math.sqrt(1 - alphaBars[i]);
            }
            if (t.getDataType() != DataType.INT64 || t.getShape().dimension() != 1 || t.getShape().get(0) != z0.getShape().get(0)) {
                throw new IllegalArgumentException("t must be INT64 of shape [" + z0.getShape().get(0) + "], got "
                        + t.getDataType() + " " + t.getShape());
            }
            NDArray index = t.sub(1);
            index.attach(scope);
            NDArray a = scope.create(root).get(index).expandDims(1);
            NDArray b = scope.create(rootComplement).get(index).expandDims(1);
            NDArray result = a.mul(z0).add(b.mul(eps)).toType(z0.getDataType(), false);
            result.attach(m);
            return result;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DdpmSchedule s && Arrays.equals(betas, s.betas);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(betas);
    }

    @Override
    public String toString() {
        return "DdpmSchedule[T=" + steps() + ", beta_1=" + betas[0] + ", beta_T=" + betas[steps() - 1] + "]";
    }
}
