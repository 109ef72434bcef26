package org.mppm.samplers.mppm;

import ai.djl.ndarray.NDArray;

/**
 * Where the kernel pull draws a point: the manifold mean G-bar(x) of Eq. 10 in pixel space, or
 * the kernel mean z-bar of Eq. 15 in latent space. {@code [B, D] -> [B, D]}; the result belongs to
 * the manager of x.
 */
@FunctionalInterface
public interface PullTarget {

    NDArray target(NDArray x);
}
