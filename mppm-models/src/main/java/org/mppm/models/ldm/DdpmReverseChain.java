package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.SeededNoise;

/**
 * The DDPM reverse chain (Ho et al. 2020, Algorithm 2) from an intermediate step t0 down to 0:
 * for {@code t = t0, ..., 1}
 * <pre>
 *   z_{t-1} = 1 / sqrt(alpha_t) (z_t - beta_t / sqrt(1 - alphaBar_t) eps(z_t, t)) + sigma_t n_t,
 *   sigma_t^2 = beta_t,  n_t ~ N(0, I),  n_1 = 0.
 * </pre>
 * The whole batch {@code [B, d]} takes each step together; every step's temporaries live in a
 * sub-manager closed at the end of the step, and nothing is read back to the host inside the
 * chain. The noise n_t is drawn once per chain from {@link SeededNoise} with the given seed: the
 * same seed and input give the same numbers.
 */
public final class DdpmReverseChain {
    private final DdpmSchedule schedule;

    public DdpmReverseChain(DdpmSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("a schedule is required");
        }
        this.schedule = schedule;
    }

    public DdpmSchedule schedule() {
        return schedule;
    }

    /**
     * Runs the chain from {@code z_{t0}} to {@code z_0}.
     *
     * @param zStart the codes taken as {@code z_{t0}}, {@code [B, d]}; not modified
     * @param t0     the starting step, {@code 1 <= t0 <= T}
     * @param eps    the noise estimate
     * @param seed   the seed of the noise n_t
     * @return {@code z_0} {@code [B, d]}, in zStart's manager
     */
    public NDArray run(NDArray zStart, int t0, NoiseEstimate eps, long seed) {
        schedule.requireStep("t0", t0);
        if (zStart.getShape().dimension() != 2 || zStart.getShape().get(0) < 1) {
            throw new IllegalArgumentException("codes must have shape [B, d] with B >= 1, got " + zStart.getShape());
        }
        NDManager caller = zStart.getManager();
        try (NDManager chain = caller.newSubManager()) {
            // n_t for t = t0..2, row t0 - t
            NDArray noise = t0 > 1
                    ? SeededNoise.normal(chain, new Shape(t0 - 1).addAll(zStart.getShape()), zStart.getDataType(), seed)
                    : null;
            NDArray z = zStart;
            for (int t = t0; t >= 1; t--) {
                NDArray next;
                try (NDManager step = chain.newSubManager()) {
                    z.tempAttach(step);
                    double c1 = 1 / Math.sqrt(schedule.alpha(t));
                    double c2 = schedule.beta(t) / Math.sqrt(1 - schedule.alphaBar(t));
                    next = z.sub(eps.eps(z, t).mul((float) c2)).mul((float) c1);
                    if (t > 1) {
                        NDArray n = noise.get(t0 - t);
                        n.attach(step);
                        next = next.add(n.mul((float) Math.sqrt(schedule.beta(t))));
                    }
                    next.attach(chain);
                }
                if (z != zStart) {
                    z.close();
                }
                z = next;
            }
            z.attach(caller);
            return z;
        }
    }
}
