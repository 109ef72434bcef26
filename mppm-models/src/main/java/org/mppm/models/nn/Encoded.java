package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What an encoder F gives for a batch of B samples: the latent code z {@code [B, d]} and the skip
 * connections {@code S_1..S_k} the decoder needs besides it ({@code [B, C_i, H_i, W_i]} for a
 * U-Net, Appendix B: {@code F(x) = (S_1, ..., S_k, z)}; none for an autoencoder without skips).
 * The arrays belong to whoever created them (usually the input's manager).
 *
 * @param code  z, {@code [B, d]}
 * @param skips S_1..S_k, outermost (full resolution) first; empty without skips
 */
public record Encoded(NDArray code, NDList skips) {

    /** A code without skips. */
    public static Encoded of(NDArray code) {
        return new Encoded(code, new NDList());
    }

    /** Rows {@code [from, to)} of the code and of every skip. */
    public Encoded rows(long from, long to) {
        NDList part = new NDList(skips.size());
        for (NDArray s : skips) {
            part.add(s.get("{}:{}", from, to));
        }
        return new Encoded(code.get("{}:{}", from, to), part);
    }

    /** The skips of this batch followed by those of {@code other}, row-wise (the codes are not needed). */
    public NDList concatSkips(Encoded other) {
        NDList both = new NDList(skips.size());
        for (int i = 0; i < skips.size(); i++) {
            both.add(skips.get(i).concat(other.skips().get(i)));
        }
        return both;
    }

    /** Whether the decoder needs skips besides the code. */
    public boolean hasSkips() {
        return !skips.isEmpty();
    }
}
