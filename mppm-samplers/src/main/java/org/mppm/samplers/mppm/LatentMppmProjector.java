package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Optional;
import org.mppm.core.Checks;
import org.mppm.core.DistanceField;
import org.mppm.core.KernelDensity;
import org.mppm.core.Manifold;
import org.mppm.core.Projection;
import org.mppm.core.Projector;
import org.mppm.samplers.flow.IterativeFlow;
import org.mppm.samplers.flow.StoppingRule;

/**
 * Algorithm 2 (LMPPM reconstruction): {@code z^1 = F(x)};
 * {@code z^{n+1} = (1 - beta) z^n + beta z-bar^n - alpha D_S(z^n) grad D_S / |grad D_S|} with z-bar
 * the kernel mean of Eq. 15 over the training codes S; returns {@code G(z)}. The same two terms as
 * Eq. 12, run in latent space between an encode and a decode.
 *
 * <p>Input {@code [B, ...]} as the manifold's chart F takes it (points or images); the result has
 * the shape G produces; the trajectory, if recorded, is the latent path {@code [T + 1, B, d]}.
 * Defaults: alpha 0.15, beta 0.1, 16 steps. With beta = 0 the pull is dropped (the latent Eq. 11,
 * 0 < alpha <= 1).
 */
public final class LatentMppmProjector implements Projector {
    private final Manifold autoencoder;
    private final IterativeFlow flow;

    private LatentMppmProjector(Manifold autoencoder, IterativeFlow flow) {
        this.autoencoder = autoencoder;
        this.flow = flow;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Projection project(NDArray x) {
        Checks.requireBatch("x", x);
        try (NDArray z = autoencoder.chart(x)) {
            return projectCodes(z);
        }
    }

    /**
     * Algorithm 2 from given latent codes {@code z^1} {@code [B, d]} instead of {@code F(x)} (e.g.
     * generation from latent noise); returns {@code G(z)} and the latent path like {@link #project}.
     */
    public Projection projectCodes(NDArray z) {
        Checks.requirePoints("z", z, autoencoder.intrinsicDimension());
        try (Projection latent = flow.project(z)) {
            NDArray decoded = autoencoder.embed(latent.result());
            Optional<NDArray> path = latent.trajectory().map(NDArray::duplicate);
            return new Projection(decoded, latent.iterations(), path);
        }
    }

    /** Configures Algorithm 2; validated at {@link #build()}. */
    public static final class Builder extends FlowOptions<Builder> {
        private Manifold autoencoder;
        private DistanceField distance;
        private PullTarget pull;

        Builder() {
            super(StoppingRule.fixedSteps(16));
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The encoder F (chart) and decoder G (embedding). */
        public Builder autoencoder(Manifold autoencoder) {
            this.autoencoder = autoencoder;
            return this;
        }

        /** The latent distance D_S to the code set S. */
        public Builder distance(DistanceField distance) {
            this.distance = distance;
            return this;
        }

        /** The kernel mean z-bar (Eq. 15) of a density over S. */
        public Builder kernel(KernelDensity density) {
            this.pull = density::kernelMean;
            return this;
        }

        /** Any other pull target in latent space (e.g. the authors' per-coordinate variant). */
        public Builder pullTowards(PullTarget target) {
            this.pull = target;
            return this;
        }

        public LatentMppmProjector build() {
            if (autoencoder == null || distance == null || pull == null) {
                throw new IllegalStateException("Algorithm 2 needs autoencoder(...), distance(...) and kernel(...)");
            }
            if (distance.dimension() != autoencoder.intrinsicDimension()) {
                throw new IllegalArgumentException("the latent distance works in dimension " + distance.dimension()
                        + " but the autoencoder's latent dimension is " + autoencoder.intrinsicDimension());
            }
            // beta = 0: no kernel pull, the latent Eq. 11
            IterativeFlow flow = new IterativeFlow(distance.dimension(),
                    terms(distance, beta == 0 && ramp == null ? null : pull), stopping, observers, trajectory);
            return new LatentMppmProjector(autoencoder, flow);
        }
    }
}
