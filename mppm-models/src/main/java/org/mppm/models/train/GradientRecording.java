package org.mppm.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Records gradients on the calling thread while open, and back-propagates a training step's loss
 * ({@link #backward}). libtorch keeps its grad mode per thread, so two threads can each record at
 * once; DJL's own collector refuses a second one anywhere in the process (a static flag), which would
 * serialise every fit. Opening turns the calling thread's grad mode on; closing restores what it was.
 * The library's micro-batch workers open one of their own around their parts. PyTorch engine only:
 * the library runs on it.
 */
final class GradientRecording implements AutoCloseable {
    private final boolean before;

    GradientRecording() {
        this.before = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Accumulates the gradient of the scalar {@code target} into every leaf that requires one, on any thread. */
    void backward(NDArray target) {
        try (NDArray seed = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
        }
    }

    @Override
    public void close() {
        if (!before) {
            JniUtils.setGradMode(false);
        }
    }
}
