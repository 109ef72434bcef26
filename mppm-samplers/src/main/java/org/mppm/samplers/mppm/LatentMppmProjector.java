package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;
import org.mppm.core.Checks;
import org.mppm.core.DistanceField;
import org.mppm.core.KernelDensity;
import org.mppm.core.LatentEncoding;
import org.mppm.core.Manifold;
import org.mppm.core.Projection;
import org.mppm.core.Projector;
import org.mppm.core.Scopes;
import org.mppm.samplers.flow.FlowTerm;
import org.mppm.samplers.flow.IterativeFlow;
import org.mppm.samplers.flow.StepLoop;
import org.mppm.samplers.flow.Stepper;
import org.mppm.samplers.flow.StoppingRule;

/**
 * Algorithm 2 (LMPPM reconstruction): {@code z^1 = F(x)};
 * {@code z^{n+1} = (1 - beta) z^n + beta z-bar^n - alpha D_S(z^n) grad D_S / |grad D_S|} with z-bar
 * the kernel mean of Eq. 15 over the training codes S; returns {@code G(z)}. The same two terms as
 * Eq. 12, run in latent space between an encode and a decode.
 *
 * <p>The decode is the one that belongs to the encoded input ({@link Manifold#chartWithContext}):
 * for a U-Net (Appendix B) {@code x-hat = G(S_1 + S-hat_1(z), ..., S_k + S-hat_k(z), z)} with the
 * skips {@code S_i} of x. By default x is encoded once and the latent steps run on z alone. With
 * {@link Builder#reencodeEachStep(boolean)} (the authors' variant of Appendix B) every step decodes
 * and encodes again: {@code (S^n, z^n) = F(x^n)}, {@code z' = z^n + terms(z^n)},
 * {@code x^{n+1} = G(S^n + S-hat(z'), z')}, i.e. an {@link IterativeFlow} in pixel space with one
 * term {@code x^{n+1} - x^n}.
 *
 * <p>With {@link Builder#skipsFollowRestoration(boolean)} z runs its latent path as by default,
 * but the skips follow the restoration: {@code x^1 = G(F(x))},
 * {@code x^{n+1} = G(S(x) + S(x^n) - S(x^1) + S-hat(z^{n+1}), z^{n+1})}. This is Appendix B's
 * {@code S^n} of the current restoration, read as a change: at fixed z every {@code x^n} stays
 * {@code G(F(x))} (no drift of the autoencoder iterated on itself, which the re-encoding variant
 * suffers), so the output moves only through the latent steps, but what z changes in
 * {@code x^n} is fed back through the skips instead of being masked by the degraded image's.
 * Not the default: it is not the paper's formula (why it exists: docs/design/skips-follow.md).
 *
 * <p>Input {@code [B, ...]} as the manifold's chart F takes it (points or images); the result has
 * the shape G produces; the trajectory, if recorded, is the latent path {@code [T + 1, B, d]} (the
 * pixel path {@code [T + 1, B, D]} when re-encoding). Defaults: alpha 0.15, beta 0.1, 16 steps.
 * With beta = 0 the pull is dropped (the latent Eq. 11, {@code 0 < alpha <= 1}). With 0 steps the result
 * is the decoded encoding, {@code G(F(x))}.
 */
public final class LatentMppmProjector implements Projector {
    private final Manifold autoencoder;
    private final List<FlowTerm> terms;
    private final Builder settings;
    private final boolean reencode;
    private final boolean skipsFollow;

    private LatentMppmProjector(Manifold autoencoder, List<FlowTerm> terms, Builder settings, boolean reencode,
            boolean skipsFollow) {
        this.autoencoder = autoencoder;
        this.terms = terms;
        this.settings = settings;
        this.reencode = reencode;
        this.skipsFollow = skipsFollow;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The encoder F and decoder G the steps run between. */
    Manifold autoencoder() {
        return autoencoder;
    }

    @Override
    public Projection project(NDArray x) {
        Checks.requireBatch("x", x);
        if (terms.isEmpty()) {
            try (LatentEncoding encoding = autoencoder.chartWithContext(x)) {
                NDArray decoded = encoding.decode(encoding.code());
                Optional<NDArray> path = settings.trajectory ? Optional.of(encoding.code().expandDims(0)) : Optional.empty();
                return new Projection(decoded, new int[Math.toIntExact(x.getShape().get(0))], path);
            }
        }
        if (reencode) {
            return reencoding(x);
        }
        return skipsFollow ? skipsFollowing(x) : encodedOnce(x);
    }

    /**
     * Algorithm 2 from given latent codes {@code z^1} {@code [B, d]} instead of {@code F(x)} (e.g.
     * generation from latent noise); returns {@code G(z)} (the manifold's context-free embedding)
     * and the latent path like {@link #project}. Steps always run on z (no re-encoding).
     */
    public Projection projectCodes(NDArray z) {
        Checks.requirePoints("z", z, autoencoder.intrinsicDimension());
        autoencoder.elementType().ifPresent(type -> Checks.requireDataType("z", z, type));
        Checks.requireData("z", z);
        if (terms.isEmpty()) {
            Optional<NDArray> path = settings.trajectory ? Optional.of(z.expandDims(0)) : Optional.empty();
            return new Projection(autoencoder.embed(z), new int[Math.toIntExact(z.getShape().get(0))], path);
        }
        try (Projection latent = flow(autoencoder.intrinsicDimension(), terms).project(z)) {
            NDArray decoded = autoencoder.embed(latent.result());
            Optional<NDArray> path = latent.trajectory().map(NDArray::duplicate);
            return new Projection(decoded, latent.iterations(), path);
        }
    }

    private Projection encodedOnce(NDArray x) {
        try (LatentEncoding encoding = autoencoder.chartWithContext(x);
                Projection latent = flow(autoencoder.intrinsicDimension(), terms).project(encoding.code())) {
            NDArray decoded = encoding.decode(latent.result());
            Optional<NDArray> path = latent.trajectory().map(NDArray::duplicate);
            return new Projection(decoded, latent.iterations(), path);
        }
    }

    /**
     * The latent steps of z = F(x), each followed by its decode
     * {@code x^{n+1} = G(S(x) + S(x^n) - S(x^1) + S-hat(z^{n+1}), z^{n+1})}: one loop whose state is
     * {@code (z^n, x^n)}, the observers and the trajectory seeing z.
     */
    @SuppressWarnings("try") // the token only scopes the checked state
    private Projection skipsFollowing(NDArray x) {
        FlowTerm latent = FlowTerm.sum(terms);
        try (LatentEncoding encoding = autoencoder.chartWithContext(x);
                NDArray first = encoding.decode(encoding.code());
                LatentEncoding start = chartOfCheckedState(first)) {
            Stepper step = (context, state) -> {
                NDArray z = context.advance(state.get(0), latent.increment(context.index(), state.get(0)));
                try (Checks.CheckedState checked = Checks.checkedState(); // x was checked by its chart
                        LatentEncoding now = autoencoder.chartWithContext(state.get(1))) {
                    return new NDList(z, encoding.decodeWithContextChange(z, start, now));
                }
            };
            StepLoop.Run run = loop().run(new NDList(encoding.code(), first), Optional.empty(), step);
            run.state().get(0).close();
            NDArray restored = run.state().get(1);
            restored.attach(x.getManager());
            return new Projection(restored, run.iterations(), run.trajectory());
        }
    }

    @SuppressWarnings("try") // the token only scopes the checked state
    private LatentEncoding chartOfCheckedState(NDArray restored) {
        try (Checks.CheckedState checked = Checks.checkedState()) { // G(F(x)) of a checked x
            return autoencoder.chartWithContext(restored);
        }
    }

    private Projection reencoding(NDArray x) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        FlowTerm latent = FlowTerm.sum(terms);
        FlowTerm step = new FlowTerm() {
            @Override
            public NDArray increment(NDArray flat) {
                return increment(1, flat);
            }

            @Override
            public NDArray increment(int n, NDArray flat) {
                return Scopes.scoped(flat, in -> {
                    try (LatentEncoding encoding = autoencoder.chartWithContext(in.reshape(shape))) {
                        NDArray z = encoding.code();
                        NDArray moved = z.add(latent.increment(n, z));
                        return encoding.decode(moved).reshape(batch, -1).sub(in);
                    }
                });
            }
        };
        try (NDArray flat = x.reshape(batch, -1);
                Projection pixels = flow(Math.toIntExact(flat.getShape().get(1)), List.of(step)).project(flat)) {
            NDArray result = pixels.result().reshape(shape);
            Optional<NDArray> path = pixels.trajectory().map(NDArray::duplicate);
            return new Projection(result, pixels.iterations(), path);
        }
    }

    private IterativeFlow flow(int dimension, List<FlowTerm> flowTerms) {
        return new IterativeFlow(dimension, flowTerms, settings.stopping, settings.observers, settings.trajectory);
    }

    /** The loop of the latent steps, configured like {@link IterativeFlow}'s. */
    private StepLoop loop() {
        return StepLoop.stopping(settings.stopping).withObservers(settings.observers).recordingTrajectory(settings.trajectory)
                .checkingValuesInFirstStep();
    }

    /** Configures Algorithm 2; validated at {@link #build()}. */
    public static final class Builder extends FlowOptions<Builder> {
        private Manifold autoencoder;
        private DistanceField distance;
        private PullTarget pull;
        private boolean reencode;
        private boolean skipsFollow;
        private boolean zeroSteps;

        Builder() {
            super(StoppingRule.fixedSteps(16));
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Exactly this many steps (>= 0); 0 restores {@code G(F(x))}, the decoded encoding. */
        @Override
        public Builder steps(int steps) {
            zeroSteps = steps == 0;
            return zeroSteps ? this : super.steps(steps);
        }

        @Override
        public Builder tolerance(double tolerance, int maxSteps) {
            zeroSteps = false;
            return super.tolerance(tolerance, maxSteps);
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

        /**
         * Decode and encode again after every step, {@code (S^n, z^n) = F(x^n)} (the authors'
         * reading of Appendix B); default false: encode once, step z, decode with x's skips.
         */
        public Builder reencodeEachStep(boolean reencodeEachStep) {
            this.reencode = reencodeEachStep;
            return this;
        }

        /**
         * Encode once and step z, but decode step n + 1 with the skips moved by the restoration's
         * change, {@code G(S(x) + S(x^n) - S(x^1) + S-hat(z^{n+1}), z^{n+1})} with
         * {@code x^1 = G(F(x))} (see the class comment); default false. Not with re-encoding.
         */
        public Builder skipsFollowRestoration(boolean skipsFollowRestoration) {
            this.skipsFollow = skipsFollowRestoration;
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
            if (reencode && skipsFollow) {
                throw new IllegalArgumentException("reencodeEachStep and skipsFollowRestoration exclude each other");
            }
            List<FlowTerm> terms = terms(distance, beta == 0 && ramp == null ? null : pull);
            Builder frozen = new Builder();
            frozen.stopping = stopping;
            frozen.observers.addAll(observers);
            frozen.trajectory = trajectory;
            return new LatentMppmProjector(autoencoder, zeroSteps ? List.of() : terms, frozen, reencode, skipsFollow);
        }
    }
}
