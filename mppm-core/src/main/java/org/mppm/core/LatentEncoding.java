package org.mppm.core;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/**
 * The latent codes of a batch of B samples together with the decoder that belongs to them. For an
 * ordinary manifold the decoder is the embedding G itself; for a U-Net it is
 * {@code z -> G(S_1 + S-hat_1(z), ..., S_k + S-hat_k(z), z)} with the skip connections S_i of the
 * encoded samples (the paper's Appendix B). Owns the codes and whatever context the decoder keeps:
 * close it when done.
 */
public interface LatentEncoding extends AutoCloseable {

    /** The codes {@code z = F(x)}, {@code [B, d]}, owned by this encoding. */
    NDArray code();

    /** The decoder for codes {@code [B, d]} of these B samples: {@code [B, d] -> [B, ...]}, in z's manager. */
    NDArray decode(NDArray z);

    /**
     * The decoder with this encoding's context moved by the change from {@code start}'s context to
     * {@code now}'s (encodings of B samples by the same manifold, e.g. of the first and the current
     * restoration): for a U-Net {@code z -> G(S_i + S_i^now - S_i^start + S-hat_i(z), z)}
     * (Appendix B's skips), {@code [B, d] -> [B, ...]} in z's manager. Without a context, {@link #decode}.
     */
    default NDArray decodeWithContextChange(NDArray z, LatentEncoding start, LatentEncoding now) {
        return decode(z);
    }

    /** Frees the codes and the decoder's context. */
    @Override
    void close();

    /** Codes with a decoder that needs no context (owns the codes only). */
    static LatentEncoding of(NDArray code, UnaryOperator<NDArray> decoder) {
        return new LatentEncoding() {
            @Override
            public NDArray code() {
                return code;
            }

            @Override
            public NDArray decode(NDArray z) {
                return decoder.apply(z);
            }

            @Override
            public void close() {
                code.close();
            }
        };
    }
}
