package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;
import org.mppm.core.Scopes;
import org.mppm.samplers.flow.FlowTerm;

/**
 * The kernel-pull term of Eq. 12 (and Algorithm 2): {@code beta (target(x) - x)}, so that
 * {@code x + pull = (1 - beta) x + beta target(x)}, {@code [B, D] -> [B, D]}. The target is
 * G-bar (Eq. 10, 19-20) in pixel space or z-bar (Eq. 15) in latent space.
 */
public record KernelPull(PullTarget target, double beta) implements FlowTerm {

    @Override
    public NDArray increment(NDArray x) {
        return Scopes.scoped(x, in -> target.target(in).sub(in).muli(beta));
    }
}
