package org.mppm.models.mppm;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.mppm.core.Projection;
import org.mppm.samplers.flow.IterativeFlow;
import org.mppm.samplers.flow.StoppingRule;
import org.mppm.samplers.mppm.KernelPull;
import org.mppm.samplers.mppm.MppmProjector;

/**
 * Parts of Algorithm 1 alone, on the same trained {@link Mppm} (the MPPM paper's circle ablation):
 * the autoencoder's projection {@code G(F(x))}; Eq. 11, descent on the learned distance only
 * ({@code x <- x - alpha grad D(x)}); and the kernel pull only ({@code x <- x + beta (gbar(x) - x)}
 * towards {@link Mppm#manifoldMean()}), both iterated under the per-sample tolerance rule. Each
 * restoration of points {@code [B, D]} is handed to {@code measure} while it is alive.
 *
 * @param <T>         what a restoration is measured as (e.g. errors against the true manifold)
 * @param autoencoder the measure of {@code G(F(x))}
 * @param descentOnly the measure of Eq. 11 alone
 * @param pullOnly    the measure of the kernel pull alone
 */
public record MppmAblation<T>(T autoencoder, T descentOnly, T pullOnly) {

    /**
     * Runs the three parts on {@code x} {@code [B, D]}.
     *
     * @param alpha     the descent step of Eq. 11
     * @param beta      the pull weight
     * @param tolerance per-sample step tolerance of both flows
     * @param maxSteps  most steps of both flows
     * @param measure   called once per restoration {@code [B, D]}; must not keep the array
     */
    public static <T> MppmAblation<T> of(Mppm mppm, NDArray x, double alpha, double beta, double tolerance, int maxSteps,
            Function<NDArray, T> measure) {
        Objects.requireNonNull(mppm, "mppm");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(x, "x");
        if (x.getShape().dimension() != 2 || x.getShape().get(0) < 1) {
            throw new IllegalArgumentException("x must have shape [B, D] with B >= 1, got " + x.getShape());
        }
        T autoencoder = measure.apply(mppm.manifold().project(x));
        T descent;
        try (Projection p = MppmProjector.builder().distance(mppm.distance()).alpha(alpha).tolerance(tolerance, maxSteps)
                .build().project(x)) {
            descent = measure.apply(p.result());
        }
        IterativeFlow pullOnly = new IterativeFlow((int) x.getShape().get(1), List.of(new KernelPull(mppm.manifoldMean()::mean,
                beta)), StoppingRule.tolerance(tolerance, maxSteps), List.of(), false);
        try (Projection p = pullOnly.project(x)) {
            return new MppmAblation<>(autoencoder, descent, measure.apply(p.result()));
        }
    }
}
