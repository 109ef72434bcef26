package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mppm.core.Scopes;

/**
 * PyTorch's {@code ConvTranspose2d(in, out, k, stride=s, padding=p, output_padding=op)} (square
 * kernel, dilation 1, one group), built from ordinary convolutions because DJL's PyTorch engine has
 * no deconvolution. Input {@code [B, in, H, W]}, output {@code [B, out, H', W']} with
 * {@code H' = (H - 1) s - 2p + k + op} (likewise W'). Parameters as PyTorch lays them out:
 * {@code weight [in, out, k, k]} and {@code bias [out]}, both initialised uniformly in
 * {@code ±1/sqrt(out k k)} (PyTorch's default, whose fan-in of a transposed weight is
 * {@code out k k}), unless an initializer is set on the block.
 *
 * <p>Five exact forms of the same map, all differentiable (see {@link Form}): two built from the
 * engine's ordinary convolutions, and three that run libtorch's own operations through a TorchScript
 * function shipped in the jar. {@link Form#AUTO}, the default, takes per layer and pass the form
 * measured fastest ({@code mppm bench --part convtranspose}). Through the TorchScript forms a pass
 * with the training flag off (the block's, or for {@link #apply} neither x nor the weight requiring
 * a gradient) gives the weight and bias no gradient; x still gets its own.
 */
public final class ConvTranspose2d extends AbstractBlock {
    private static final byte VERSION = 1;

    /** How the transposed convolution is computed; all give PyTorch's result to float rounding. */
    public enum Form {
        /**
         * Insert s - 1 zeros between neighbouring input pixels, pad {@code k-1-p} top/left and
         * {@code k-1-p+op} bottom/right (cropping where negative), then a stride-1 convolution with
         * {@code W'[o, i, a, b] = W[i, o, k-1-a, k-1-b]}.
         */
        ZERO_INSERTION,
        /**
         * One convolution of the undilated input with the s*s phase kernels
         * ({@code M = ceil(k/s)} square, padding M - 1), then depth-to-space by s and cropping p
         * (padding op): about s*s fewer multiplies than zero insertion.
         */
        SUB_PIXEL,
        /**
         * libtorch's {@code conv_transpose2d} (oneDNN's deconvolution on the CPU) through a
         * TorchScript function; {@link #SUB_PIXEL} where that function cannot run (an engine other
         * than PyTorch, {@code -Dmppm.torchscript=false}).
         */
        ENGINE,
        /**
         * One batched product {@code W^T x}, {@code [out k k, in] x [B, in, H W]}, and its
         * overlap-add (libtorch's {@code fold}, col2im) through the same TorchScript function;
         * {@link #SUB_PIXEL} where it cannot run.
         */
        FOLD,
        /**
         * libtorch's matrix-product transposed convolution ({@code slow_conv_transpose2d}: per
         * image, the product {@code W^T x} and its col2im in one operation, and a backward pass of
         * its own, im2col and products) through the same TorchScript function; {@link #SUB_PIXEL}
         * where it cannot run.
         */
        ENGINE_GEMM,
        /**
         * Per layer and pass, the form measured fastest on the CPU (Table 7's decoder and its
         * training step): {@link #ENGINE} for at least 16 output channels (2.3x the sub-pixel
         * forward, 2.6x forward + backward); for fewer, {@link #FOLD} in inference (2.2x) and
         * {@link #ENGINE_GEMM} where a gradient is recorded (Table 7's training step 4 % to 8 %
         * faster than with the sub-pixel form).
         */
        AUTO;

        /** The form that runs for this layer: AUTO and unavailable TorchScript forms resolved. */
        Form resolve(NDArray x, long outChannels, boolean training) {
            Form f = this;
            if (f == AUTO) {
                f = outChannels >= AUTO_ENGINE_CHANNELS ? ENGINE : training ? ENGINE_GEMM : FOLD;
            }
            if (f.viaTorchScript() && !TorchScriptDeconvolution.available(x)) {
                return SUB_PIXEL;
            }
            return f;
        }

        /** Whether this form runs through the shipped TorchScript function. */
        boolean viaTorchScript() {
            return this == ENGINE || this == FOLD || this == ENGINE_GEMM;
        }
    }

    /** From this many output channels on, {@link Form#AUTO} takes libtorch's deconvolution. */
    private static final long AUTO_ENGINE_CHANNELS = 16;

    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    private final Form form;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param inChannels    input channels
     * @param outChannels   output channels
     * @param kernel        kernel size k (square)
     * @param stride        stride s, at least 1
     * @param padding       padding p, at least 0
     * @param outputPadding output padding op, in [0, s)
     * @param form          how to compute it
     */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding, Form form) {
        super(VERSION);
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("channels must be positive, got in " + inChannels + ", out " + outChannels);
        }
        checkGeometry(kernel, stride, padding, outputPadding);
        if (form == null) {
            throw new IllegalArgumentException("form must not be null");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.form = form;
        float bound = (float) (1 / Math.sqrt((double) outChannels * kernel * kernel));
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(inChannels, outChannels, kernel, kernel))
                .optInitializer(SeededInitializer.uniform(bound)).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outChannels)).optInitializer(SeededInitializer.uniform(bound)).build());
    }

    /** As the full constructor, with {@link Form#AUTO}. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding) {
        this(inChannels, outChannels, kernel, stride, padding, outputPadding, Form.AUTO);
    }

    public Form form() {
        return form;
    }

    /**
     * Whether {@link Form#ENGINE} and {@link Form#FOLD} run libtorch's operations in this JVM:
     * {@code available}, or why they fall back to {@link Form#SUB_PIXEL}.
     */
    public static String torchScriptForms() {
        return TorchScriptDeconvolution.status();
    }

    /** The output side {@code (n - 1) s - 2p + k + op} for an input side n. */
    public static long outputSize(long n, int kernel, int stride, int padding, int outputPadding) {
        return (n - 1) * stride - 2L * padding + kernel + outputPadding;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, outputSize(s.get(2), kernel, stride, padding, outputPadding),
                outputSize(s.get(3), kernel, stride, padding, outputPadding))};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = store.getValue(bias, x.getDevice(), training);
        return new NDList(compute(x, w, b, stride, padding, outputPadding, form, training));
    }

    /**
     * The transposed convolution as a function: {@code x [B, in, H, W]}, {@code weight [in, out, k, k]},
     * {@code bias [out]} or null; returns {@code [B, out, H', W']} in x's manager, temporaries freed.
     * {@link Form#AUTO} takes the training pass's form when x or the weight requires a gradient.
     */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int outputPadding, Form form) {
        if (form == null) {
            throw new IllegalArgumentException("form must not be null");
        }
        return compute(x, weight, bias, stride, padding, outputPadding, form, x.hasGradient() || weight.hasGradient());
    }

    private static NDArray compute(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int outputPadding, Form form,
            boolean training) {
        Shape ws = weight.getShape();
        if (ws.dimension() != 4 || ws.get(2) != ws.get(3)) {
            throw new IllegalArgumentException("weight must be [in, out, k, k]; got shape " + ws);
        }
        int k = Math.toIntExact(ws.get(2));
        checkGeometry(k, stride, padding, outputPadding);
        Shape xs = x.getShape();
        if (xs.dimension() != 4 || xs.get(1) != ws.get(0)) {
            throw new IllegalArgumentException("x must be [B, " + ws.get(0) + ", H, W]; got shape " + xs);
        }
        if (bias != null && (bias.getShape().dimension() != 1 || bias.getShape().get(0) != ws.get(1))) {
            throw new IllegalArgumentException("bias must be [" + ws.get(1) + "]; got shape " + bias.getShape());
        }
        long outH = outputSize(xs.get(2), k, stride, padding, outputPadding);
        long outW = outputSize(xs.get(3), k, stride, padding, outputPadding);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("x of shape " + xs + " gives an empty output " + outH + "x" + outW
                    + " for k " + k + ", stride " + stride + ", padding " + padding);
        }
        Form f = form.resolve(x, ws.get(1), training);
        NDList inputs = new NDList(x, weight);
        inputs.add(bias);
        if (f.viaTorchScript()) {
            // Aliases carry no names, which DJL's TorchScript call would read as list, tuple or dict
            // markers. Outside training the parameters enter without their gradient: TorchScript
            // plans a call whose inputs require one differently (FOLD's inference 2.9x slower).
            return Scopes.scoped(inputs, in -> {
                NDArray w = training ? in.get(1) : in.get(1).stopGradient();
                NDArray b = in.get(2) == null ? in.get(0).getManager().zeros(new Shape(ws.get(1)), weight.getDataType(), weight.getDevice())
                        : training ? in.get(2) : in.get(2).stopGradient();
                return TorchScriptDeconvolution.apply(in.get(0), w, b, stride, padding, outputPadding, f);
            });
        }
        return Scopes.scoped(inputs, in -> {
            NDArray y = f == Form.ZERO_INSERTION
                    ? zeroInsertion(in.get(0), in.get(1), k, stride, padding, outputPadding)
                    : subPixel(in.get(0), in.get(1), k, stride, padding, outH, outW);
            return in.get(2) == null ? y : y.add(in.get(2).reshape(1, -1, 1, 1));
        });
    }

    private static NDArray zeroInsertion(NDArray x, NDArray weight, int k, int s, int p, int op) {
        NDArray d = s == 1 ? x : dilate(dilate(x, 3, s), 2, s);
        int lo = k - 1 - p;
        int hi = k - 1 - p + op;
        d = padOrCrop(padOrCrop(d, 2, lo, hi), 3, lo, hi);
        NDArray w = weight.flip(2, 3).transpose(1, 0, 2, 3);
        return Conv2d.conv2d(d, w).singletonOrThrow();
    }

    /** s - 1 zeros between neighbours along {@code axis} (2 or 3 of a 4-d array): n -> (n - 1) s + 1. */
    private static NDArray dilate(NDArray x, int axis, int s) {
        Shape sh = x.getShape();
        long n = sh.get(axis);
        long[] unit = sh.getShape();
        long[] withPhase = new long[5];
        System.arraycopy(unit, 0, withPhase, 0, axis + 1);
        withPhase[axis + 1] = 1;
        System.arraycopy(unit, axis + 1, withPhase, axis + 2, 3 - axis);
        NDArray e = x.reshape(new Shape(withPhase));
        withPhase[axis + 1] = s - 1;
        NDArray z = x.getManager().zeros(new Shape(withPhase), x.getDataType(), x.getDevice());
        long[] merged = unit.clone();
        merged[axis] = n * s;
        NDArray interleaved = e.concat(z, axis + 1).reshape(new Shape(merged));
        return interleaved.get(axis == 2 ? ":, :, :{}" : ":, :, :, :{}", (n - 1) * s + 1);
    }

    /** Adds lo zeros before and hi after along {@code axis} (2 or 3); a negative amount crops instead. */
    private static NDArray padOrCrop(NDArray x, int axis, long lo, long hi) {
        if (lo == 0 && hi == 0) {
            return x;
        }
        long n = x.getShape().get(axis);
        long from = Math.max(0, -lo);
        long to = n - Math.max(0, -hi);
        NDArray y = from == 0 && to == n ? x : x.get(axis == 2 ? ":, :, {}:{}" : ":, :, :, {}:{}", from, to);
        if (lo > 0 || hi > 0) {
            // torch's pad list runs from the last axis: (left, right, top, bottom)
            Shape pad = axis == 3 ? new Shape(Math.max(0, lo), Math.max(0, hi)) : new Shape(0, 0, Math.max(0, lo), Math.max(0, hi));
            y = y.pad(pad, 0);
        }
        return y;
    }

    private static NDArray subPixel(NDArray x, NDArray weight, int k, int s, int p, long outH, long outW) {
        Shape ws = weight.getShape();
        long in = ws.get(0);
        long out = ws.get(1);
        int mm = (k + s - 1) / s;
        // phase kernels K[(o, r, c), i, u, v] = W[i, o, r + s (M-1-u), c + s (M-1-v)], zero beyond k
        NDArray w = padOrCrop(padOrCrop(weight, 2, 0, (long) mm * s - k), 3, 0, (long) mm * s - k)
                .reshape(in, out, mm, s, mm, s)
                .flip(2, 4)
                .transpose(1, 3, 5, 0, 2, 4)
                .reshape(out * s * s, in, mm, mm);
        NDArray y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(mm - 1, mm - 1)).singletonOrThrow();
        Shape ys = y.getShape();
        long b = ys.get(0);
        long hq = ys.get(2);
        long wq = ys.get(3);
        // depth-to-space: [B, (o, r, c), q, t] -> [B, o, (q, r), (t, c)], the uncropped output
        NDArray full = y.reshape(b, out, s, s, hq, wq).transpose(0, 1, 4, 2, 5, 3).reshape(b, out, hq * s, wq * s);
        full = padOrCrop(full, 2, -p, p + outH - hq * s);
        return padOrCrop(full, 3, -p, p + outW - wq * s);
    }

    private static void checkGeometry(int kernel, int stride, int padding, int outputPadding) {
        if (kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("need kernel >= 1, stride >= 1, padding >= 0; got kernel " + kernel
                    + ", stride " + stride + ", padding " + padding);
        }
        if (outputPadding < 0 || outputPadding >= stride) {
            throw new IllegalArgumentException("output padding must lie in [0, stride = " + stride + "), got " + outputPadding);
        }
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(" + inChannels + " -> " + outChannels + ", k" + kernel + ", s" + stride + ", p" + padding
                + ", op" + outputPadding + ", " + form + ")";
    }
}
