package org.mppm.models.dae;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.Autoencoder;
import org.mppm.models.nn.Encoded;
import org.mppm.models.nn.SkipDropout;
import org.mppm.models.nn.Stores;
import org.mppm.models.train.LossTerms;
import org.mppm.models.train.Objective;

/**
 * The DAE loss: {@code mean_i |G(F(x_clean_i + eps_i)) - x_clean_i|^2}, eps ~ N(0, sigma^2 I), the
 * squared norm over all of a sample's entries, on {@code [B, ...]} (points or images); optionally
 * the noisy input is clamped to [0, 1], {@code G(F(clamp(x_clean_i + eps_i)))}. With
 * {@link SkipDropout} (U-Net) some training passes decode without the encoder's skips.
 */
public final class DaeLoss implements Objective {
    private final Autoencoder autoencoder;
    private final double noise;
    private final boolean clampNoisy;
    private final SkipDropout skipDropout;
    private final ParameterStore store;

    public DaeLoss(Autoencoder autoencoder, double noise) {
        this(autoencoder, noise, false, new SkipDropout(0));
    }

    /** @param clampNoisy clamp the noisy input to [0, 1] (images), as the test degradations do */
    public DaeLoss(Autoencoder autoencoder, double noise, boolean clampNoisy, SkipDropout skipDropout) {
        this(autoencoder, noise, clampNoisy, skipDropout, Stores.direct());
    }

    private DaeLoss(Autoencoder autoencoder, double noise, boolean clampNoisy, SkipDropout skipDropout,
            ParameterStore store) {
        this.store = java.util.Objects.requireNonNull(store, "store");
        this.autoencoder = autoencoder;
        this.noise = noise;
        this.clampNoisy = clampNoisy;
        this.skipDropout = java.util.Objects.requireNonNull(skipDropout, "skipDropout");
    }

    /**
     * This loss reading F and G through {@code store}, when its batches may be split: F and G map
     * rows alone in training ({@link Autoencoder#mapsRowsAlone}).
     */
    @Override
    public java.util.Optional<Objective> withStore(ParameterStore store) {
        if (!autoencoder.mapsRowsAlone(true)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DaeLoss(autoencoder, noise, clampNoisy, skipDropout, store));
    }

    @Override
    public LossTerms terms(NDArray clean, boolean training, SeededNoise random) {
        NDArray noisy = clean.add(random.nextNormal(clean.getManager(), clean.getShape(), clean.getDataType(), noise));
        if (clampNoisy) {
            noisy = noisy.clip(0, 1);
        }
        Encoded e = autoencoder.encodeWithSkips(store, noisy, training);
        NDArray restored = autoencoder.decode(store, e.code(), training ? skipDropout.apply(e.skips(), random) : e.skips(), training);
        long b = clean.getShape().get(0);
        return new LossTerms().add("l2", restored.sub(clean).square().reshape(b, -1).sum(new int[] {1}).mean());
    }
}
