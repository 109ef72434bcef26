package org.mppm.models.ldm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.mppm.core.SeededNoise;
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
 * back to the host inside the chain. The noise n_t comes from {@link SeededNoise}, seeded per chain (drawn in blocks of steps
 * of at most 2^20 values, so memory stays bounded for long chains): the same seed and input give
 * the same numbers, on any thread.
 */
public final class DdpmReverseChain {
    /** At most this many noise values are drawn at once (a block of steps), bounding host memory. */
    private static final long NOISE_CHUNK = 1L << 20;

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
        try (BlockNoise noise = new BlockNoise(zStart, t0, seed)) {
            Stepper step = Stepper.of((context, zt) -> {
                int t = t0 - context.index() + 1;
                double c1 = 1 / Math.sqrt(schedule.alpha(t));
                double c2 = schedule.beta(t) / Math.sqrt(1 - schedule.alphaBar(t));
                NDArray next = zt.sub(eps.eps(zt, t).mul((float) c2)).mul((float) c1);
                if (t > 1) {
                    NDArray n = noise.row(context.index() - 1, t);
                    n.attach(context.scope());
                    next = next.add(n.mul((float) Math.sqrt(schedule.beta(t))));
                }
                return next;
            });
            return StepLoop.fixedSteps(t0).run(zStart, step).result();
        }
    }

    /** The noise n_t of the chain's steps, drawn a block of steps at a time (at most NOISE_CHUNK values). */
    private static final class BlockNoise implements AutoCloseable {
        private final NDManager manager;
        private final Shape rowShape;
        private final DataType type;
        private final int chunk;
        private final SplittableRandom seeds;
        private NDArray block;
        private int first;

        BlockNoise(NDArray zStart, int t0, long seed) {
            this.manager = zStart.getManager().newSubManager();
            this.rowShape = zStart.getShape();
            this.type = zStart.getDataType();
            this.chunk = (int) Math.max(1, Math.min(t0 - 1L, NOISE_CHUNK / rowShape.size()));
            this.seeds = new SplittableRandom(seed);
        }

        /** n_t of step {@code row} (0-based), t the diffusion step; rows are asked for in order. */
        NDArray row(int row, int t) {
            if (block == null || row - first >= block.getShape().get(0)) {
                if (block != null) {
                    block.close();
                }
                int rows = Math.min(chunk, t - 1);
                block = SeededNoise.normal(manager, new Shape(rows).addAll(rowShape), type, seeds.nextLong());
                first = row;
            }
            return block.get(row - first);
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
