package org.mppm.models.edm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.Denoiser;
import org.mppm.core.Scopes;
import org.mppm.core.edm.EdmPreconditioning;
import org.mppm.core.CloseGuard;

/**
 * A pretrained denoiser exported from PyTorch as TorchScript ({@code torch.jit.script} or
 * {@code trace}, saved with {@code .save(path)}), run on DJL's PyTorch engine. The caller names
 * the file's convention:
 * <ul>
 *   <li>{@link Convention#EDM_PRECONDITIONED}: the file holds the raw network F, called as
 *       {@code F(c_in x, c_noise)} with {@code c_noise} of shape {@code [B]}; this class applies
 *       {@code D(x; s) = c_skip x + c_out F} ({@link EdmPreconditioning}, sigma_data given).</li>
 *   <li>{@link Convention#DENOISER}: the file holds the denoiser itself, called as
 *       {@code D(x, sigma)} with {@code sigma} of shape {@code [B]}.</li>
 * </ul>
 * Inputs {@code [B, ...]} in any floating type; the network runs in FLOAT32 and the result has
 * x's type, in x's manager. Owns its DJL {@link Model}: close it.
 */
public final class TorchScriptDenoiser implements Denoiser, AutoCloseable {
    private final CloseGuard guard = new CloseGuard("TorchScript denoiser");

    /** How the exported module is called. */
    public enum Convention {
        /** {@code forward(c_in x, c_noise[B]) = F}; EDM preconditioning is applied here. */
        EDM_PRECONDITIONED,
        /** {@code forward(x, sigma[B]) = D(x; sigma)}. */
        DENOISER
    }

    private final Model model;
    private final Convention convention;
    private final EdmPreconditioning preconditioning;

    private TorchScriptDenoiser(Model model, Convention convention, EdmPreconditioning preconditioning) {
        this.model = model;
        this.convention = convention;
        this.preconditioning = preconditioning;
    }

    /**
     * Loads the module onto the engine's default device.
     *
     * @param file       the TorchScript file ({@code .pt})
     * @param convention how the module is called
     * @param sigmaData  the sigma_data of the preconditioning ({@code > 0}; unused for {@link Convention#DENOISER})
     */
    public static TorchScriptDenoiser load(Path file, Convention convention, double sigmaData) {
        return load(file, convention, sigmaData, Engine.getInstance().defaultDevice());
    }

    /**
     * As {@link #load(Path, Convention, double)}, onto {@code device}: the module runs there and
     * inputs are expected there.
     */
    public static TorchScriptDenoiser load(Path file, Convention convention, double sigmaData, Device device) {
        Objects.requireNonNull(convention, "convention");
        Objects.requireNonNull(device, "device");
        EdmPreconditioning preconditioning = new EdmPreconditioning(sigmaData);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript file " + file + " does not exist or is not a file");
        }
        Model model = Model.newInstance("torchscript-denoiser", device, "PyTorch");
        try {
            model.load(file);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("cannot read TorchScript file " + file, e);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalArgumentException(file + " is not a loadable TorchScript module", e);
        }
        return new TorchScriptDenoiser(model, convention, preconditioning);
    }

    public Convention convention() {
        return convention;
    }

    /** {@code D(x; sigma)} for {@code x [B, ...]}, {@code sigma > 0}. */
    @Override
    public NDArray denoise(NDArray x, double sigma) {
        Checks.requireBatch("x", x);
        Checks.requirePositive("sigma", sigma);
        return guard.call(() -> Scopes.scoped(x, in -> {
            NDManager m = in.getManager();
            NDArray x32 = in.toType(DataType.FLOAT32, false);
            Shape perSample = new Shape(in.getShape().get(0));
            ParameterStore parameters = new ParameterStore(m, false);
            NDArray out;
            if (convention == Convention.DENOISER) {
                out = call(parameters, x32, m.full(perSample, (float) sigma));
            } else {
                NDArray f = call(parameters, x32.mul(preconditioning.cIn(sigma)),
                        m.full(perSample, (float) preconditioning.cNoise(sigma)));
                out = x32.mul(preconditioning.cSkip(sigma)).add(f.mul(preconditioning.cOut(sigma)));
            }
            if (!out.getShape().equals(in.getShape())) {
                throw new IllegalStateException("the TorchScript module returned shape " + out.getShape()
                        + " for an input of shape " + in.getShape());
            }
            return out.getDataType() == in.getDataType() ? out : out.toType(in.getDataType(), false);
        }));
    }

    private NDArray call(ParameterStore parameters, NDArray first, NDArray second) {
        return model.getBlock().forward(parameters, new NDList(first, second), false).singletonOrThrow();
    }

    /** Frees the module once the calls in flight have finished; later calls fail with a clear message. */
    @Override
    public void close() {
        guard.close(model::close);
    }
}
