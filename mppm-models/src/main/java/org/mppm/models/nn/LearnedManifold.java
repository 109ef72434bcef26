package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.Optional;
import org.mppm.core.Checks;
import org.mppm.core.LatentEncoding;
import org.mppm.core.Manifold;
import org.mppm.core.Scopes;
import org.mppm.core.CloseGuard;

/**
 * A trained autoencoder seen as a {@link Manifold}: chart = encoder F, embedding = decoder G, in
 * inference mode. {@code [B, ...] <-> [B, d]} (points or images); results belong to the input's
 * manager. For a U-Net, {@link #project} and {@link #chartWithContext} decode with the input's skip
 * connections, {@link #embed} from the code alone. With a skip scale kappa != 1 those skips are
 * {@code kappa S} ({@code G(kappa S + S-hat(z), z)}; kappa = 0 decodes from z alone): a
 * restoration option of ours for a U-Net trained with {@link SkipDropout}, not in the paper.
 */
public final class LearnedManifold implements Manifold {
    private final Autoencoder autoencoder;
    private final ParameterStore store;
    private final double skipScale;
    private final CloseGuard guard;

    /** A view without a lifecycle of its own (the caller keeps the autoencoder's parameters alive). */
    public LearnedManifold(Autoencoder autoencoder) {
        this(autoencoder, 1, new CloseGuard("autoencoder"));
    }

    /**
     * @param skipScale kappa >= 0, the factor on the input's skips when decoding (1: as trained)
     * @param guard     the lifecycle of the model that owns the parameters: every call runs under it
     */
    public LearnedManifold(Autoencoder autoencoder, double skipScale, CloseGuard guard) {
        if (!(skipScale >= 0) || Double.isInfinite(skipScale)) {
            throw new IllegalArgumentException("skip scale must be finite and >= 0, got " + skipScale);
        }
        this.autoencoder = autoencoder;
        this.store = Stores.direct();
        this.skipScale = skipScale;
        this.guard = guard;
    }

    /** {@code F(x) = (kappa S, z)} in x's manager. */
    private Encoded encode(NDArray x) {
        Encoded e = autoencoder.encodeWithSkips(store, x, false);
        if (skipScale == 1 || !e.hasSkips()) {
            return e;
        }
        NDList scaled = new NDList(e.skips().size());
        for (NDArray s : e.skips()) {
            scaled.add(s.mul((float) skipScale));
        }
        return new Encoded(e.code(), scaled);
    }

    @Override
    public int ambientDimension() {
        return Math.toIntExact(autoencoder.sampleShape().size());
    }

    @Override
    public int intrinsicDimension() {
        return autoencoder.latentDimension();
    }

    /** The autoencoder's parameter type ({@link Autoencoder#dataType()}). */
    @Override
    public Optional<DataType> elementType() {
        return Optional.of(autoencoder.dataType());
    }

    @Override
    public NDArray embed(NDArray z) {
        Checks.requirePoints("z", z, intrinsicDimension());
        return guard.call(() -> Scopes.scoped(z, in -> autoencoder.decode(store, in, false)));
    }

    @Override
    public NDArray chart(NDArray x) {
        autoencoder.requireInput("x", x, 1);
        return guard.call(() -> Scopes.scoped(x, in -> autoencoder.encode(store, in, false)));
    }

    /**
     * {@code F(x) = (S, z)}: the code {@code [B, d]} in x's manager and the decoder
     * {@code z -> G(S + S-hat(z), z)} with x's skips (none for an autoencoder without skips), which
     * live until the encoding is closed.
     */
    @Override
    public LatentEncoding chartWithContext(NDArray x) {
        autoencoder.requireInput("x", x, 1);
        return guard.call(() -> encodeWithContext(x));
    }

    private LatentEncoding encodeWithContext(NDArray x) {
        NDManager caller = x.getManager();
        NDManager context = caller.newSubManager();
        try (NDManager scope = caller.newSubManager()) {
            Encoded e = encode(Scopes.alias(x, scope));
            NDArray code = e.code();
            code.attach(caller);
            NDList skips = e.skips();
            skips.attach(context);
            return new SkipEncoding(code, skips, context);
        } catch (RuntimeException ex) {
            context.close();
            throw ex;
        }
    }

    /** The code of a batch with its skips {@code S_i [B, C_i, H_i, H_i]}, kept in {@code context} until closed. */
    private final class SkipEncoding implements LatentEncoding {
        private final NDArray code;
        private final NDList skips;
        private final NDManager context;

        SkipEncoding(NDArray code, NDList skips, NDManager context) {
            this.code = code;
            this.skips = skips;
            this.context = context;
        }

        @Override
        public NDArray code() {
            return code;
        }

        @Override
        public NDArray decode(NDArray z) {
            Checks.requirePoints("z", z, intrinsicDimension());
            return guard.call(() -> Scopes.scoped(z, in -> autoencoder.decode(store, in, skips, false)));
        }

        /** {@code G(S + S^now - S^start + S-hat(z), z)}; the moved skips are temporaries of this call. */
        @Override
        public NDArray decodeWithContextChange(NDArray z, LatentEncoding start, LatentEncoding now) {
            Checks.requirePoints("z", z, intrinsicDimension());
            if (!(start instanceof SkipEncoding from) || !(now instanceof SkipEncoding to)) {
                throw new IllegalArgumentException("the context change must be between two encodings of this manifold, got "
                        + start.getClass().getSimpleName() + " and " + now.getClass().getSimpleName());
            }
            if (skips.isEmpty()) {
                return decode(z);
            }
            return guard.call(() -> Scopes.scoped(z, in -> {
                NDList moved = new NDList(skips.size());
                for (int i = 0; i < skips.size(); i++) {
                    NDArray change = to.skips.get(i).sub(from.skips.get(i));
                    change.attach(in.getManager());
                    moved.add(change.add(skips.get(i)));
                }
                return autoencoder.decode(store, in, moved, false);
            }));
        }

        @Override
        public void close() {
            code.close();
            context.close();
        }
    }

    /** {@code G(F(x))} with the skips of x (Eq. 8 for an autoencoder): {@code [B, ...] -> [B, ...]}, in x's manager. */
    @Override
    public NDArray project(NDArray x) {
        autoencoder.requireInput("x", x, 1);
        if (skipScale == 1) {
            return guard.call(() -> Scopes.scoped(x, in -> autoencoder.reconstruct(store, in, false)));
        }
        return guard.call(() -> Scopes.scoped(x, in -> {
            Encoded e = encode(in);
            return autoencoder.decode(store, e.code(), e.skips(), false);
        }));
    }
}
