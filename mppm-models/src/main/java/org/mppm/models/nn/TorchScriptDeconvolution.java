package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * libtorch's transposed convolution, which DJL's JNI does not bind, reached through a TorchScript
 * module without parameters shipped as a resource ({@code conv_transpose2d.pt}, compiled by
 * {@code tools/make-conv-transpose-script.py}). Its {@code forward(x, weight, bias, geometry)} runs
 * {@code conv_transpose2d} (oneDNN's deconvolution on the CPU), one batched product with its
 * overlap-add ({@code fold}), or {@code slow_conv_transpose2d} (a product and col2im per image);
 * {@code geometry} is an array of shape
 * {@code [stride, padding, output padding, which]}, whose values are never read (so nothing crosses
 * from a device to the host).
 *
 * <p>The call records autograd exactly as the engine's own operations do: with the calling thread's
 * grad mode, for inputs that require a gradient (DJL's training flag of a TorchScript call only
 * adds a no-grad guard, which is never asked for here). Where the {@link ShippedScript} is not
 * available, {@link ConvTranspose2d} keeps its own forms.
 */
final class TorchScriptDeconvolution {
    private static final ShippedScript MODULE = ShippedScript.load(TorchScriptDeconvolution.class, "conv_transpose2d.pt");
    private static final long CONV_TRANSPOSE = 0;
    private static final long FOLD = 1;
    private static final long SLOW_CONV_TRANSPOSE = 2;

    private TorchScriptDeconvolution() {}

    /** Whether the TorchScript module runs for x (a PyTorch array) in this JVM. */
    static boolean available(NDArray x) {
        return MODULE.available(x);
    }

    /** Why the module does not run, or "available". */
    static String status() {
        return MODULE.status();
    }

    /**
     * {@code x [B, in, H, W]}, {@code weight [in, out, k, k]}, {@code bias [out]} (already checked
     * by {@link ConvTranspose2d#apply}) -> {@code [B, out, H', W']} in x's manager.
     *
     * @param form {@link ConvTranspose2d.Form#ENGINE} (libtorch's {@code conv_transpose2d}),
     *             {@link ConvTranspose2d.Form#FOLD} (the product and its overlap-add) or
     *             {@link ConvTranspose2d.Form#ENGINE_GEMM} ({@code slow_conv_transpose2d})
     */
    static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int outputPadding,
            ConvTranspose2d.Form form) {
        long which = switch (form) {
            case ENGINE -> CONV_TRANSPOSE;
            case FOLD -> FOLD;
            case ENGINE_GEMM -> SLOW_CONV_TRANSPOSE;
            default -> throw new IllegalArgumentException("not a TorchScript form: " + form);
        };
        Shape geometry = new Shape(stride, padding, outputPadding, which);
        try (NDArray shaped = x.getManager().zeros(geometry, DataType.INT8, x.getDevice())) {
            return MODULE.forward(new NDList(x, weight, bias, shaped), true).singletonOrThrow();
        }
    }
}
