package org.mppm.examples.bench;

/**
 * Floating-point operations of the benchmarked work, per sample, counted from the layer shapes:
 * a rate in samples/s times these counts is a FLOP rate to set against the machine's
 * {@code sgemmGflops} ({@link SgemmBench}).
 *
 * <p>What is counted: the multiply-adds of matrix products and convolutions, 2 FLOP each, in their
 * direct form, the work a GEMM roofline applies to. A convolution producing {@code [C_out, H, W]}
 * costs {@code 2 C_in C_out k^2 H W}; a transposed convolution reading {@code [C_in, H, W]} costs
 * {@code 2 C_in C_out k^2 H W}, whichever exact form computes it (the sub-pixel form does the same
 * multiply-adds; zero insertion does more, which is not counted); a linear layer costs
 * {@code 2 in out}. A backward pass costs the forward's multiply-adds once for the weight gradient
 * and once for the input gradient, the latter skipped for a layer whose input is data. What is not
 * counted: element-wise work (activations, exponentials, norms, the optimiser's updates), which is
 * memory-bound; the largest is the kernel mean's, about 9 operations per code and query against
 * its {@code 4 d} FLOP of products.
 *
 * <p>The autoencoder is the MNIST one of Table 7 ({@code MnistConvAutoencoder}, images
 * {@code [1, 28, 28]}, latent d): encoder Conv(1->32, k3, s2) to 14 x 14, Conv(32->64, k3, s2) to
 * 7 x 7, Linear(3136 -> d); decoder Linear(d -> 3136), ConvT(64->32, k3, s2) from 7 x 7,
 * ConvT(32->1, k3, s2) from 14 x 14. With d = 18 each of F and G costs 2,032,128 FLOP per image.
 */
public final class FlopCounts {
    /** Pixels of an MNIST image, {@code 1 x 28 x 28}. */
    public static final int MNIST_PIXELS = 28 * 28;

    private FlopCounts() {}

    /** A linear layer {@code in -> out}: {@code 2 in out}. */
    public static long linear(long in, long out) {
        return 2 * in * out;
    }

    /** A multilayer perceptron with these widths (input first, output last): the sum of its linear layers. */
    public static long mlp(int... widths) {
        long sum = 0;
        for (int i = 0; i + 1 < widths.length; i++) {
            sum += linear(widths[i], widths[i + 1]);
        }
        return sum;
    }

    /** A convolution {@code C_in -> C_out}, kernel k, producing {@code outSide x outSide}. */
    public static long conv(long in, long out, int kernel, int outSide) {
        return 2 * in * out * kernel * kernel * outSide * outSide;
    }

    /** A transposed convolution {@code C_in -> C_out}, kernel k, reading {@code inSide x inSide}. */
    public static long convTranspose(long in, long out, int kernel, int inSide) {
        return 2 * in * out * kernel * kernel * inSide * inSide;
    }

    /** The first layer of Table 7's encoder, Conv(1->32) to 14 x 14: the one whose input gradient is never needed. */
    static long table7FirstConv() {
        return conv(1, 32, 3, 14);
    }

    /** Table 7's encoder F, one image {@code [1, 28, 28] -> [d]}. */
    public static long table7Encoder(int latent) {
        return table7FirstConv() + conv(32, 64, 3, 7) + linear(64 * 7 * 7, latent);
    }

    /** Table 7's decoder G, one code {@code [d] -> [1, 28, 28]}. */
    public static long table7Decoder(int latent) {
        return linear(latent, 64 * 7 * 7) + convTranspose(64, 32, 3, 7) + convTranspose(32, 1, 3, 14);
    }

    /**
     * The kernel mean of Eq. 15 for one query over {@code codes} codes of dimension d: the squared
     * distances' product {@code q S^T} and the weighted sum {@code w S}, {@code 4 N d}.
     */
    public static long kernelMean(long codes, int latent) {
        return 4 * codes * latent;
    }

    /** The exact nearest neighbour of one query among {@code candidates} vectors of {@code dimension}: {@code 2 N P}. */
    public static long nearestNeighbour(long candidates, long dimension) {
        return 2 * candidates * dimension;
    }

    /**
     * One sample of the Eq. 14 training step ({@code Eq14Loss} with a Table 7 autoencoder and the
     * distance MLP {@code distance}): the encoder forward and backward on
     * {@code [noisy; nearest; clean]} ({@code 3 (3 F - conv1)}), the decoder forward and backward on
     * {@code [z_c; z_shift]} ({@code 2 x 3 G}), the distance forward with its input gradient on
     * {@code [z; z_c]} trained through (second order: {@code 2 x 3 x 2 D}), and the pixel-space
     * nearest-neighbour search over {@code cleanSet} images ({@code 2 x 784 N}). With d = 18,
     * D = 18-100-50-20-1 and N = 10,000: 46,010,912 FLOP (46.0 MFLOP), a third of it the search.
     * This is the objective's work as the peer does it; {@code Eq14Loss} skips the encoder pass of
     * every x* that is its own clean sample (on the bench's data, all of them), a third of the
     * encoder's share.
     */
    public static long lmppmTrainingSample(int latent, int[] distance, long cleanSet) {
        long encoder = 3 * (3 * table7Encoder(latent) - table7FirstConv());
        long decoder = 2 * 3 * table7Decoder(latent);
        long distanceTerms = 2 * 3 * 2 * mlp(distance);
        return encoder + decoder + distanceTerms + nearestNeighbour(cleanSet, MNIST_PIXELS);
    }

    /**
     * One image of Algorithm 2 ({@code LatentMppmProjector}, Table 7 autoencoder): one encode and
     * one decode, and per step the kernel mean over {@code codes} codes and the distance MLP's
     * forward with its input gradient ({@code 2 D}). With d = 18, D = 18-100-50-20-1 and 16 steps:
     * 6,868,736 FLOP (6.9 MFLOP) over 2,000 codes, 13,780,736 (13.8 MFLOP) over 8,000.
     */
    public static long algorithm2Image(int latent, int[] distance, long codes, int steps) {
        long step = kernelMean(codes, latent) + 2 * mlp(distance);
        return table7Encoder(latent) + table7Decoder(latent) + steps * step;
    }

    /** One image of the DAE's restoration {@code G(F(x))} with Table 7's autoencoder: 4,064,256 FLOP at d = 18. */
    public static long daeImage(int latent) {
        return table7Encoder(latent) + table7Decoder(latent);
    }

    /**
     * One image of the LDM's restoration ({@code LdmRestorer}): one encode and one decode with
     * Table 7's autoencoder and {@code startStep} evaluations of the noise predictor
     * ({@code NoisePredictor}: time embedding {@code Linear(1 -> e)}, {@code Linear(e -> e)}, then
     * the MLP {@code d + e, hidden..., d}). With d = 18, e = 128, hidden 256-512-256 the predictor
     * costs 641,280 FLOP, and 200 steps 132,320,256 FLOP (132.3 MFLOP) per image.
     */
    public static long ldmImage(int latent, int embedding, int[] hidden, int startStep) {
        int[] widths = new int[hidden.length + 2];
        widths[0] = latent + embedding;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = latent;
        long predictor = linear(1, embedding) + linear(embedding, embedding) + mlp(widths);
        return table7Encoder(latent) + table7Decoder(latent) + (long) startStep * predictor;
    }

    /** FLOP as MFLOP, rounded to 0.01. */
    public static double mega(long flop) {
        return Math.round(flop / 1e4) / 100.0;
    }
}
