package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;

/**
 * A TorchScript module without parameters shipped as a class-path resource (each is compiled by a
 * script in {@code tools/}), loaded once and shared for the JVM's lifetime: a TorchScript method
 * may run on many threads at once. Where the engine is not PyTorch, the resource cannot load, or
 * {@code -Dmppm.torchscript=false} is set, {@link #available} is false and callers keep their own
 * NDArray forms.
 */
public final class ShippedScript {
    private final PtSymbolBlock block;
    private final String status;

    private ShippedScript(PtSymbolBlock block, String status) {
        this.block = block;
        this.status = status;
    }

    /** Loads {@code resource} next to {@code anchor}; never throws (a failure is the {@link #status}). */
    public static ShippedScript load(Class<?> anchor, String resource) {
        if (!Boolean.parseBoolean(System.getProperty("mppm.torchscript", "true"))) {
            return new ShippedScript(null, "off (-Dmppm.torchscript=false)");
        }
        NDManager owner = null;
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                return new ShippedScript(null, "resource " + resource + " missing");
            }
            owner = NDManager.newBaseManager("PyTorch");
            return new ShippedScript(JniUtils.loadModule((PtNDManager) owner, in, true, false), "available");
        } catch (IOException | RuntimeException | LinkageError e) {
            if (owner != null) {
                owner.close();
            }
            return new ShippedScript(null, "cannot load " + resource + ": " + e);
        }
    }

    /** Whether the module runs for x (a PyTorch array) in this JVM. */
    public boolean available(NDArray x) {
        return x instanceof PtNDArray && block != null;
    }

    /** Why the module does not run, or "available". */
    public String status() {
        return status;
    }

    /**
     * The module's {@code forward} on {@code inputs}; its outputs belong to the first input's manager.
     *
     * @param recordGradients false runs it under a no-grad guard; true records autograd exactly as
     *                        the engine's own operations do, with the calling thread's grad mode
     */
    public NDList forward(NDList inputs, boolean recordGradients) {
        if (block == null) {
            throw new IllegalStateException("the TorchScript module is not available: " + status);
        }
        return IValueUtils.forward(block, inputs, recordGradients);
    }
}
