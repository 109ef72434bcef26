package org.mppm.models.train;

import ai.djl.pytorch.jni.JniUtils;
import org.mppm.core.NoGrad;

/**
 * The PyTorch engine's per-thread grad mode as {@link NoGrad}'s switch (registered with
 * {@link java.util.ServiceLoader}); not for direct use. Called only while arrays exist, so the
 * engine's library is loaded.
 */
public final class PyTorchGradSwitch implements NoGrad.Switch {

    @Override
    public boolean recording() {
        return JniUtils.isGradMode();
    }

    @Override
    public void record(boolean on) {
        JniUtils.setGradMode(on);
    }
}
