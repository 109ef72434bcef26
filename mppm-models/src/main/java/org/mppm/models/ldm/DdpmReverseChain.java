package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.SampleSeeds;
import org.mppm.samplers.flow.StepLoop;
import org.mppm.samplers.flow.Stepper;

/**
 * The DDPM reverse chain (Ho et al. 2020, Algorithm 2) from an intermediate step t0 down to 0:
 * for {@code t = t0, ..., 1}
 * <pre>
 *   z_{t-1} = 1 / sqrt(alpha_t) (z_t - beta_t / sqrt(1 - alphaBar_t) eps(z_t, t)) + sigma_t n_t,
 *   sigma_t^2 = beta_t,  n_t ~ N(0, I),  n_1 = 0.
 * </pre>
 * A step rule on the {@link StepLoop}: the whole batch {@code [B, d]} takes each step together;
 * every step's temporaries live in a sub-manager closed at the end of the step, and nothing is read
 * back to the host inside the chain. The noise is per sample ({@link SampleSeeds}): row b's n_t
 * depends only on the job's seed, the row's sample index and the step, so a code's chain does not
 * depend on the rows beside it (chunking never changes a result), on any thread.
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
     * Runs the chain from {@code z_{t0}} to {@code z_0}, row b being sample b of the stream
     * {@code seed}; see {@link #run(NDArray, int, NoiseEstimate, long, long)}.
     */
    public NDArray run(NDArray zStart, int t0, NoiseEstimate eps, long seed) {
        return run(zStart, t0, eps, seed, 0);
    }

    /**
     * Runs the chain from {@code z_{t0}} to {@code z_0}.
     *
     * @param zStart      the codes taken as {@code z_{t0}}, {@code [B, d]}; not modified
     * @param t0          the starting step, {@code 1 <= t0 <= T}
     * @param eps         the noise estimate
     * @param seed        the job's seed of the noise n_t
     * @param firstSample the job index of zStart's first row: row b's n_t of step k = t0 - t + 1 is
     *                    drawn from {@code of(of(seed, firstSample + b), k)}
     * @return {@code z_0} {@code [B, d]}, in zStart's manager
     */
    public NDArray run(NDArray zStart, int t0, NoiseEstimate eps, long seed, long firstSample) {
        schedule.requireStep("t0", t0);
        if (zStart.getShape().dimension() != 2 || zStart.getShape().get(0) < 1) {
            throw new IllegalArgumentException("codes must have shape [B, d] with B >= 1, got " + zStart.getShape());
        }
        Stepper step = Stepper.of((context, zt) -> {
            int t = t0 - context.index() + 1;
            double c1 = 1 / Math.sqrt(schedule.alpha(t));
            double c2 = schedule.beta(t) / Math.sqrt(1 - schedule.alphaBar(t));
            NDArray next = zt.sub(eps.eps(zt, t).mul((float) c2)).mul((float) c1);
            if (t > 1) {
                next = next.add(context.normal(zt).mul((float) Math.sqrt(schedule.beta(t))));
            }
            return next;
        });
        return StepLoop.fixedSteps(t0).run(zStart, SampleSeeds.of(seed, firstSample, zStart), step).result();
    }
}
