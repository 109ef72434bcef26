package org.mppm.models.mppm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import org.mppm.core.SeededNoise;
import org.mppm.models.nn.Mlp;
import org.mppm.models.nn.MlpAutoencoder;
import org.mppm.models.nn.Stores;
import org.mppm.models.train.LossTerms;
import org.mppm.models.train.Objective;

/**
 * The MPPM composite loss, Eq. 13, on a batch of clean points {@code [B, D]}:
 * noisy points {@code x = x_clean + eps}, {@code eps ~ N(0, sigma^2 I)}, {@code x* = G(F(x))} and
 * {@code x_shift = x - D(x) grad D(x) / |grad D(x)|}, with grad D the distance network's input
 * gradient in closed form (so the shift term trains D through its gradient, and F, G through x*):
 * <pre>
 *   lambda_1 mean_i (D(x_i) - |x_i - x*_i|)^2                       (noisy points)
 * + lambda_2 mean_i |x_clean_i - G(F(x_clean_i))|^2                  (clean points)
 * + lambda_3 mean_i D(x_clean_i)^2                                   (clean points)
 * + lambda_4 mean_i (D(x_i) - |D(x_i)|)^2                            (noisy and clean points)
 * + lambda_5 mean_i |x_shift_i - x*_i|^2                             (noisy points)
 * </pre>
 * The paper writes sums over the points; means over the batch differ by the constant batch size,
 * which the weights absorb. Norms of differences use {@code sqrt(|v|^2 + 1e-12)} so the gradient
 * is finite at 0.
 */
public final class Eq13Loss implements Objective {

    private final MlpAutoencoder autoencoder;
    private final Mlp distance;
    private final Eq13Weights weights;
    private final double noise;
    private final ParameterStore store;

    /**
     * @param noise sigma of the training noise (>= 0; 0 makes every training point clean)
     */
    public Eq13Loss(MlpAutoencoder autoencoder, Mlp distance, Eq13Weights weights, double noise) {
        this(autoencoder, distance, weights, noise, Stores.direct());
    }

    private Eq13Loss(MlpAutoencoder autoencoder, Mlp distance, Eq13Weights weights, double noise, ParameterStore store) {
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("training noise must be >= 0, got " + noise);
        }
        this.autoencoder = autoencoder;
        this.distance = distance;
        this.weights = weights;
        this.noise = noise;
        this.store = java.util.Objects.requireNonNull(store, "store");
    }

    /** Eq. 13 reading F, G and D through {@code store}: MLPs map rows alone and every term is a mean over rows. */
    @Override
    public java.util.Optional<Objective> withStore(ParameterStore store) {
        return java.util.Optional.of(new Eq13Loss(autoencoder, distance, weights, noise, store));
    }

    @Override
    public LossTerms terms(NDArray clean, boolean training, SeededNoise random) {
        NDArray eps = random.nextNormal(clean.getManager(), clean.getShape(), clean.getDataType(), noise);
        return terms(clean, clean.add(eps), training, random);
    }

    /**
     * The five weighted terms for given clean points and their noisy versions {@code [B, D]};
     * D's dropout masks (in training) come from {@code random}.
     */
    public LossTerms terms(NDArray clean, NDArray noisy, boolean training, SeededNoise random) {
        // one pass of each network over [noisy; clean] (2B rows) instead of two
        long b = clean.getShape().get(0);
        NDArray both = noisy.concat(clean);
        NDArray decoded = autoencoder.decode(store, autoencoder.encode(store, both, training), training);
        NDArray star = decoded.get("0:{}", b);
        NDArray reconstruction = decoded.get("{}:", b);
        NDList d = training ? distance.forwardWithInputGradient(store, both, random)
                : distance.forwardWithInputGradient(store, both, false);
        NDArray dBoth = d.get(0);
        NDArray dNoisy = dBoth.get("0:{}", b);
        NDArray dClean = dBoth.get("{}:", b);
        NDArray gradient = d.get(1).get("0:{}", b);

        NDArray t1 = dNoisy.sub(LossTerms.norm(noisy.sub(star))).square().mean();
        NDArray t2 = clean.sub(reconstruction).square().sum(new int[] {1}).mean();
        NDArray t3 = dClean.square().mean();
        NDArray t4 = dBoth.sub(dBoth.abs()).square().mean();
        NDArray unit = gradient.div(LossTerms.norm(gradient).expandDims(1));
        NDArray shifted = noisy.sub(unit.mul(dNoisy.expandDims(1)));
        NDArray t5 = shifted.sub(star).square().sum(new int[] {1}).mean();
        return new LossTerms()
                .add("distance", t1, weights.distance())
                .add("reconstruct", t2, weights.reconstruct())
                .add("boundary", t3, weights.boundary())
                .add("positivity", t4, weights.positivity())
                .add("shift", t5, weights.shift());
    }
}
