package org.mppm.examples.mad;

import org.mppm.core.edm.EdmNoiseDistribution;
import org.mppm.examples.OptionChecks;
import org.mppm.models.data.ShapeImages;
import org.mppm.models.edm.FitConfig;
import org.mppm.models.edm.ImageDenoiserConfig;
import picocli.CommandLine.Option;

/**
 * The options of mad-shapes' data and denoiser: the corrupted shape images and the EDM U-Net's
 * training. The default corruption (5 bumps of depth 1 and width 3 px, then noise 0.3) follows the
 * paper's description, which gives no parameters ("blot out large parts of the shape"); the first
 * version's milder one is {@code --bumps 3 --bump-depth 0.6 --bump-width 1.5 --noise 0.1}.
 */
public final class ShapeTraining implements OptionChecks.Validated {
    @Option(names = "--size", defaultValue = "32", description = "Image size (default: ${DEFAULT-VALUE}).")
    int size;
    @Option(names = "--images", defaultValue = "2000", description = "Corrupted training images (default: ${DEFAULT-VALUE}).")
    int images;
    @Option(names = "--iterations", defaultValue = "3000", description = "Training iterations (default: ${DEFAULT-VALUE}).")
    int iterations;
    @Option(names = "--batch", defaultValue = "32", description = "Training batch size (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;
    @Option(names = "--lr-final", description = "Cosine-decay the learning rate to this value at the last step (default: no decay).")
    Double finalLearningRate;
    @Option(names = "--p-mean", defaultValue = "-1.2", description = "Mean of ln sigma in the EDM loss (default: ${DEFAULT-VALUE}).")
    double pMean;
    @Option(names = "--p-std", defaultValue = "1.2", description = "Std of ln sigma in the EDM loss (default: ${DEFAULT-VALUE}).")
    double pStd;
    @Option(names = "--ema", defaultValue = "0", description = "EMA decay of the denoiser's parameters, 0 for none (default: ${DEFAULT-VALUE}).")
    double ema;
    @Option(names = "--width", defaultValue = "16", description = "U-Net base width (default: ${DEFAULT-VALUE}).")
    int width;
    @Option(names = "--noise-embedding", defaultValue = "-1", description = "Width of the U-Net's noise-level "
            + "embedding, added at every level (default: 4 x --width; 0: c_noise only as a constant input channel, the "
            + "first version).")
    int noiseEmbedding;
    @Option(names = "--noise", defaultValue = "0.3", description = "Std of the i.i.d. corruption noise (default: ${DEFAULT-VALUE}).")
    double noise;
    @Option(names = "--bumps", defaultValue = "5", description = "Boundary bumps subtracted per image (default: ${DEFAULT-VALUE}).")
    int bumps;
    @Option(names = "--bump-depth", defaultValue = "1.0", description = "Height of each subtracted bump (default: ${DEFAULT-VALUE}).")
    double bumpDepth;
    @Option(names = "--bump-width", defaultValue = "3.0", description = "Std of each bump in pixels (default: ${DEFAULT-VALUE}).")
    double bumpWidth;

    @Override
    public void validate(OptionChecks check) {
        check.that(size >= 4 && size % 4 == 0, "--size must be a multiple of 4 >= 4, got " + size)
                .atLeast("--images", images, 1).atLeast("--iterations", iterations, 1).atLeast("--batch", batch, 1)
                .positive("--lr", learningRate)
                .that(finalLearningRate == null || finalLearningRate >= 0 && finalLearningRate <= learningRate,
                        "--lr-final must lie in [0, --lr], got " + finalLearningRate)
                .finite("--p-mean", pMean).positive("--p-std", pStd).halfOpen("--ema", ema, 0, 1)
                .atLeast("--width", width, 1).atLeast("--noise-embedding", noiseEmbedding, -1).nonNegative("--noise", noise)
                .atLeast("--bumps", bumps, 0).nonNegative("--bump-depth", bumpDepth).positive("--bump-width", bumpWidth);
    }

    /** The shape images of size {@code --size}. */
    ShapeImages shapes() {
        return new ShapeImages(size);
    }

    /** The corruption of the training images. */
    ShapeImages.Corruption corruption() {
        return new ShapeImages.Corruption(bumps, bumpDepth, bumpWidth, noise);
    }

    /** The noise embedding's width: {@code --noise-embedding}, or 4 x {@code --width}. */
    int embedding() {
        return noiseEmbedding == -1 ? 4 * width : noiseEmbedding;
    }

    /** The one-channel EDM U-Net for these images. */
    ImageDenoiserConfig denoiser(double sigmaData) {
        return ImageDenoiserConfig.builder().size(size, size).baseWidth(width).depth(2).sigmaData(sigmaData)
                .noiseEmbedding(embedding()).build();
    }

    /** The training settings (EDM loss with ln sigma ~ N(--p-mean, --p-std^2)), seeded by {@code seed}. */
    FitConfig fit(long seed) {
        FitConfig.Builder fit = FitConfig.builder().iterations(iterations).batchSize(batch).learningRate(learningRate)
                .noise(new EdmNoiseDistribution(pMean, pStd)).emaDecay(ema).seed(seed);
        if (finalLearningRate != null) {
            fit.finalLearningRate(finalLearningRate);
        }
        return fit.build();
    }

    /** The settings of results.json, in their order, with the sampling settings. */
    record Settings(int size, int images, int iterations, int batch, double learningRate, double finalLearningRate, double pMean,
            double pStd, double ema, int width, int noiseEmbedding, int samples, int steps, double a, double b, double noise,
            int bumps, double bumpDepth, double bumpWidth, long seed, double seconds) {}

    Settings settings(int samples, int steps, double a, double b, long seed, double seconds) {
        return new Settings(size, images, iterations, batch, learningRate, finalLearningRate == null ? learningRate
                : finalLearningRate, pMean, pStd, ema, width, embedding(), samples, steps, a, b, noise, bumps, bumpDepth,
                bumpWidth, seed, seconds);
    }
}
