package org.mppm.examples.workflow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mppm.examples.OptionChecks;
import org.mppm.examples.ResultsWriter;
import org.mppm.models.dae.Dae;
import org.mppm.models.edm.FitConfig;
import org.mppm.models.edm.ImageDenoiser;
import org.mppm.models.edm.ImageDenoiserConfig;
import org.mppm.models.images.ImageFormat;
import org.mppm.models.images.SizePolicy;
import org.mppm.models.images.TrainingImages;
import org.mppm.models.io.SavedModels;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.recipes.AutoencoderRecipe;
import org.mppm.models.recipes.ImageRecipeBuilder;
import org.mppm.models.recipes.Recipes;
import org.mppm.models.train.AutoencoderTrainingOptions;
import org.mppm.models.train.TrainingOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mppm train --method lmppm|dae|ldm|edm --data DIR|builtin:mnist --out MODEL}: trains a model
 * on a folder of images (or the embedded 8,000 MNIST training digits) with the library's recipe as
 * preset: {@link Recipes#mnistTable7()} for 28 x 28 grey images, {@link Recipes#facesTable8()} (the
 * U-Net, with the images' channels and size) otherwise; EDM: {@link ImageDenoiser}. Each option given
 * overrides the preset. Saves the model ({@link SavedModels} opens it; its manifest holds the full
 * configuration and seed) and {@code training.json} beside it (method, recipe, data, format, seed).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train lmppm, dae, ldm or edm on a folder of images (or builtin:mnist) and save the model.")
public final class TrainCommand implements Callable<Integer>, OptionChecks.Validated {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--method", required = true, description = "lmppm, dae, ldm (DAE + latent diffusion) or edm (EDM image denoiser).")
    String method;
    @Option(names = "--data", required = true, description = "A folder of .png/.jpg images, or builtin:mnist (8,000 embedded digits).")
    String data;
    @Option(names = "--out", required = true, description = "The model folder to save into.") Path out;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation and training (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--size", description = "HxW the images are brought to (default: builtin 28x28, else the first image's).")
    String size;
    @Option(names = "--channels", description = "1 (grey) or 3 (RGB) (default: builtin 1, else the first image's).")
    Integer channels;
    @Option(names = "--policy", defaultValue = "CROP_RESIZE", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SizePolicy policy;
    @Option(names = "--limit", defaultValue = "0", description = "Train on the first N images only; 0: all.") int limit;
    @Option(names = "--epochs", description = "Epochs (autoencoders; preset: 100 MNIST, 75 U-Net).") Integer epochs;
    @Option(names = "--latent", description = "Latent size d (preset: 18 MNIST, 1024 U-Net).") Integer latent;
    @Option(names = "--widths", split = ",", description = "U-Net block widths, e.g. 32,64,128,256 (the preset).") int[] widths;
    @Option(names = "--batch-size", description = "Training batch (preset: 128 MNIST, 32 U-Net; EDM 64).") Integer batch;
    @Option(names = "--noise", description = "Training noise sigma (preset: 0.4 MNIST, 0.2 U-Net).") Double noise;
    @Option(names = "--patience", description = "Early-stopping patience in epochs (preset: 8).") Integer patience;
    @Option(names = "--distance-lr", description = "LMPPM: Adam learning rate of D_S (preset: 1e-5 MNIST as Table 10, the"
            + " U-Net recipe's otherwise).") Double distanceRate;
    @Option(names = "--ldm-epochs", description = "Epochs of the LDM's noise predictor (preset: 60).") Integer ldmEpochs;
    @Option(names = "--iterations", defaultValue = "2000", description = "EDM: Adam steps (default: ${DEFAULT-VALUE}).") int iterations;
    @Option(names = "--base-width", defaultValue = "32", description = "EDM: U-Net base width (default: ${DEFAULT-VALUE}).") int baseWidth;
    @Option(names = "--micro-batches", description = "LMPPM, DAE, LDM: split each training batch into N parts trained at once on"
            + " the free cores (default: 1, whole batches; other bits, the same gradient).") Integer microBatches;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    private ImageFormat format;

    /** What {@code training.json} records beside the model. */
    record Record(String method, String recipe, String data, long images, ImageFormat format, long seed, String command) {}

    @Override
    public void validate(OptionChecks check) {
        check.that(method.matches("lmppm|dae|ldm|edm|mppm"), "--method must be lmppm, dae, ldm or edm, got '" + method + "'")
                .that(!method.equals("mppm"), "--method mppm: MPPM (Algorithm 1) trains on points [N, D] (library: Mppm.builder());"
                        + " for images use lmppm")
                .that(data.equals(TrainingImages.BUILTIN_MNIST) || Files.isDirectory(Path.of(data)),
                        "--data must be a folder of images or " + TrainingImages.BUILTIN_MNIST + ", got " + data)
                .writableDirectory("--out", out).atLeast("--limit", limit, 0)
                .that(microBatches == null || microBatches >= 1, "--micro-batches must be >= 1, got " + microBatches)
                .that(microBatches == null || !method.equals("edm"), "--micro-batches: the EDM denoiser trains whole batches")
                .that(distanceRate == null || distanceRate > 0, "--distance-lr must be > 0, got " + distanceRate)
                .that(size == null || size.matches("\\d+x\\d+"), "--size must be HxW, e.g. 32x32, got '" + size + "'")
                .that(channels == null || channels == 1 || channels == 3, "--channels must be 1 or 3, got " + channels);
        try {
            Integer h = size == null ? null : Integer.valueOf(size.substring(0, size.indexOf('x')));
            Integer w = size == null ? null : Integer.valueOf(size.substring(size.indexOf('x') + 1));
            format = TrainingImages.format(data, channels, h, w, policy);
        } catch (IOException | IllegalArgumentException e) {
            check.that(false, "--data: " + e.getMessage());
        }
        check.that(!data.equals(TrainingImages.BUILTIN_MNIST) || format.shape().equals(new ai.djl.ndarray.types.Shape(1, 28, 28)),
                "--data " + data + " holds 1 x 28 x 28 digits; --size/--channels ask for " + format.shape());
        try {
            if (method.equals("edm")) {
                edmConfig();
            } else {
                recipe();
            }
        } catch (IllegalArgumentException e) {
            check.that(false, "--size/--channels/--widths/--epochs/--latent/--base-width: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        try (NDManager nd = NDManager.newBaseManager()) {
            TrainingImages images = TrainingImages.load(data, format, limit, nd);
            images.failures().forEach(f -> spec.commandLine().getErr().println("skipped " + f));
            NDArray train = images.images();
            TerminalProgress bar = new TerminalProgress(quiet);
            AutoencoderRecipe recipe = method.equals("edm") ? null : recipe();
            String described = recipe == null ? "edm image denoiser, base width " + baseWidth : recipe.describe();
            switch (method) {
                case "dae" -> {
                    try (Dae dae = overrides(recipe.dae(seed, bar.epochs("DAE", recipe.epochs()))).fit(train)) {
                        dae.save(out);
                    }
                }
                case "lmppm" -> {
                    try (Lmppm lmppm = overrides(recipe.lmppm(seed, bar.epochs("LMPPM", recipe.epochs()))).fit(train)) {
                        lmppm.save(out);
                    }
                }
                case "ldm" -> {
                    try (Dae dae = overrides(recipe.dae(seed, bar.epochs("DAE", recipe.epochs()))).fit(train);
                            LatentDiffusion ldm = parts(recipe.ldm(seed, bar.epochs("LDM", recipe.ldmEpochs())))
                                    .fit(dae, train)) {
                        SavedModels.saveLatentDiffusion(out, ldm, dae);
                    }
                }
                default -> {
                    try (ImageDenoiser edm = ImageDenoiser.builder().config(edmConfig()).seed(seed).training(FitConfig.builder()
                            .iterations(iterations).batchSize(batch == null ? 64 : batch).seed(seed).build()).fit(train)) {
                        edm.save(out);
                    }
                }
            }
            bar.end();
            String command = "mppm " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            new ResultsWriter(out).json("training.json", new Record(method, described, data, train.getShape().get(0), format, seed,
                    command));
            spec.commandLine().getOut().println("train " + method + ": " + train.getShape().get(0) + " images " + format.shape()
                    + ", " + described + ", seed " + seed + " -> " + out);
        }
        return 0;
    }

    private ImageDenoiserConfig edmConfig() {
        return ImageDenoiserConfig.builder().size(format.height(), format.width()).channels(format.channels()).baseWidth(baseWidth)
                .build();
    }

    private AutoencoderRecipe recipe() {
        ImageRecipeBuilder b = Recipes.forImages(format.channels(), format.height(), format.width());
        Optional.ofNullable(epochs).ifPresent(b::epochs);
        Optional.ofNullable(latent).ifPresent(b::latent);
        Optional.ofNullable(widths).ifPresent(b::widths);
        Optional.ofNullable(ldmEpochs).ifPresent(b::ldmEpochs);
        Optional.ofNullable(distanceRate).ifPresent(b::distanceRate);
        return b.build();
    }

    private <B extends AutoencoderTrainingOptions<B>> B overrides(B builder) {
        if (batch != null) builder.batchSize(batch);
        if (noise != null) builder.trainingNoise(noise);
        if (patience != null) builder.patience(patience);
        return parts(builder);
    }

    private <B extends TrainingOptions<B>> B parts(B builder) {
        if (microBatches != null) builder.microBatches(microBatches);
        return builder;
    }
}
