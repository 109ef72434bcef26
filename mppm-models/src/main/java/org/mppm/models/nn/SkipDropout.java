package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.mppm.core.SeededNoise;

/**
 * Skip dropout for training a U-Net autoencoder: each sample's skip connections
 * {@code S_1..S_k [B, C_i, H_i, H_i]} are all kept or all zeroed, zeroed with probability p, so
 * that in a fraction p of the decoder passes {@code G(S + S-hat(z), z)} becomes {@code G(S-hat(z), z)}
 * and the code z alone must carry the image. Without it the skips carry everything and the decoder
 * ignores z, so no step on z (Algorithm 2, Appendix B) can change a restoration. Not a rescaling
 * dropout: kept skips are passed unchanged, as at inference. The masks come from the caller's
 * generator (the fit's), one host draw per batch.
 */
public final class SkipDropout {
    private final double probability;

    /** @param probability p in [0, 1); 0 keeps every skip */
    public SkipDropout(double probability) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("skip dropout must lie in [0, 1), got " + probability);
        }
        this.probability = probability;
    }

    public double probability() {
        return probability;
    }

    /** The skips with each sample's set zeroed with probability p; the same list when p = 0 or there are none. */
    public NDList apply(NDList skips, SeededNoise random) {
        if (probability == 0 || skips.isEmpty()) {
            return skips;
        }
        NDArray first = skips.get(0);
        long b = first.getShape().get(0);
        NDArray keep = random.nextBernoulli(first.getManager(), new Shape(b, 1, 1, 1), first.getDataType(), 1 - probability);
        NDList out = new NDList(skips.size());
        for (NDArray s : skips) {
            out.add(s.mul(keep));
        }
        return out;
    }
}
