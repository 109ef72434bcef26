package org.mppm.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;
import org.mppm.core.Checks;
import org.mppm.core.Scopes;

/**
 * A trained autoencoder's latent space in standardised coordinates, the space where point-set
 * samplers (empirical or smoothed scores, a KDE) run on the codes of a training set and their
 * samples are decoded back to data:
 * <pre>
 *   encode: u = (F(x) - mu) / s        [B, ...] -> [B, d]   (float64, the samplers' precision)
 *   decode: x = G(mu + s u)            [B, d]   -> [B, ...]
 * </pre>
 * mu is the mean code and s the root-mean-square deviation per coordinate of a reference set's
 * codes (one scalar, so distances keep their geometry), fixed by {@link #of}: the reference codes
 * have mean 0 and unit spread, as a VAE's prior N(0, I) would give, so a smoothing width or
 * bandwidth reads the same for any autoencoder. Inference mode; batches of 1,024; results
 * belong to the input's manager. Immutable; holds no arrays.
 */
public final class LatentSpace {
    private static final int BATCH = 1024;

    private final Autoencoder autoencoder;
    private final double[] mean;
    private final double scale;
    private final DataType codeType;

    private LatentSpace(Autoencoder autoencoder, double[] mean, double scale, DataType codeType) {
        this.autoencoder = autoencoder;
        this.mean = mean;
        this.scale = scale;
        this.codeType = codeType;
    }

    /**
     * The latent space of {@code autoencoder}, standardised by the codes of {@code reference}
     * {@code [N, ...]} (N >= 2, finite; e.g. the autoencoder's training set).
     */
    public static LatentSpace of(Autoencoder autoencoder, NDArray reference) {
        Objects.requireNonNull(autoencoder, "autoencoder");
        autoencoder.requireInput("reference", reference, 2);
        try (NDArray codes = Codes.encodeAll(autoencoder, reference);
                NDArray wide = codes.toType(DataType.FLOAT64, false);
                NDArray mu = wide.mean(new int[] {0});
                NDArray centred = wide.sub(mu);
                NDArray meanSquare = centred.square().mean()) {
            double s = Math.sqrt(meanSquare.getDouble());
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("the reference codes must spread out (finite, not all equal); "
                        + "their root-mean-square deviation is " + s);
            }
            return new LatentSpace(autoencoder, mu.toDoubleArray(), s, codes.getDataType());
        }
    }

    /** The latent dimension d. */
    public int dimension() {
        return mean.length;
    }

    /** s, the code units per standardised unit. */
    public double scale() {
        return scale;
    }

    /** mu, the reference codes' mean (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** {@code (F(x) - mu) / s}: {@code [B, ...] -> [B, d]} float64. */
    public NDArray encode(NDArray x) {
        autoencoder.requireInput("x", x, 1);
        return Scopes.scoped(x, in -> {
            NDArray codes = Codes.encodeAll(autoencoder, in).toType(DataType.FLOAT64, false);
            return codes.sub(in.getManager().create(mean)).divi(scale);
        });
    }

    /** {@code G(mu + s u)}: {@code [B, d]} (finite) {@code -> [B, ...]}, in the autoencoder's element type. */
    public NDArray decode(NDArray u) {
        Checks.requirePoints("u", u, dimension());
        Checks.requireData("u", u);
        long n = u.getShape().get(0);
        return Scopes.scoped(u, in -> {
            NDArray codes = in.toType(DataType.FLOAT64, false).mul(scale).addi(in.getManager().create(mean))
                    .toType(codeType, false);
            NDList parts = new NDList();
            for (long start = 0; start < n; start += BATCH) {
                parts.add(autoencoder.decode(Stores.direct(), codes.get("{}:{}", start, Math.min(n, start + BATCH)), false));
            }
            return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
        });
    }
}
