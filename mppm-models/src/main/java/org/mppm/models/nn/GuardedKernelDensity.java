package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import org.mppm.core.CloseGuard;
import org.mppm.core.KernelDensity;

/**
 * A model's kernel density z-bar over its codes S {@code [N, d]}, every call running under the
 * model's {@link CloseGuard}: a call in flight finishes before the model frees the kernel, and a
 * call after {@code close()} fails with the model's "closed" error instead of touching freed
 * native memory. Shapes as {@link KernelDensity}: {@code z [B, d] -> [B]} or {@code [B, d]}.
 */
public final class GuardedKernelDensity implements KernelDensity {
    private final KernelDensity kernel;
    private final CloseGuard guard;

    /** @param guard the lifecycle of the model that owns {@code kernel} */
    public GuardedKernelDensity(KernelDensity kernel, CloseGuard guard) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    public int dimension() {
        return kernel.dimension();
    }

    @Override
    public long size() {
        return kernel.size();
    }

    @Override
    public double bandwidth() {
        return kernel.bandwidth();
    }

    @Override
    public NDArray logDensity(NDArray z) {
        return guard.call(() -> kernel.logDensity(z));
    }

    @Override
    public NDArray kernelMean(NDArray z) {
        return guard.call(() -> kernel.kernelMean(z));
    }

    @Override
    public NDArray score(NDArray z) {
        return guard.call(() -> kernel.score(z));
    }
}
