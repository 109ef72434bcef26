package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.mppm.models.cache.ModelCache;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.MnistData;
import org.mppm.models.fid.FidClassifierConfig;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmBuilder;
import org.mppm.models.ldm.StartSearch;
import org.mppm.models.lmppm.Eq14Variant;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.LmppmBuilder;
import org.mppm.models.lmppm.RestorationSearch;
import org.mppm.models.recipes.MnistRecipe;
import org.mppm.models.recipes.Recipes;
import org.mppm.models.train.TrainingListener;
import org.mppm.pretrained.Pretrained;
import picocli.CommandLine.Option;

/**
 * The MNIST options the MNIST experiments share: the data, the models' directory and the settings of
 * the {@link MnistRecipe}, so that they train and reuse the same models from the same directory.
 */
public final class MnistModels implements OptionChecks.Validated {

    @Option(names = "--data", description = "Directory with the four MNIST IDX files (default: the embedded 8,000 / 2,000 digits).")
    Path data;
    @Option(names = "--models", description = "Where trained models are kept and reused (default: OUT/models).")
    Path models;
    @Option(names = "--epochs", defaultValue = "15", description = "Training epochs of the autoencoder models (paper: 100) (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--latent", defaultValue = "18", description = "Latent size (Table 7: 18) (default: ${DEFAULT-VALUE}).")
    int latent;
    @Option(names = "--distance-lr", defaultValue = "1e-3", description = "Adam learning rate of D_S. Table 10's 1e-5 is"
            + " for 100 epochs; in a 15-epoch budget D_S hardly leaves its initial values (default: ${DEFAULT-VALUE}).")
    double distanceRate;
    @Option(names = "--clamp-noise", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Clamp the noisy training samples of the DAE and LMPPM to [0, 1], as the test degradations and"
            + " the authors' code do; --no-clamp-noise trains on unclamped noise (default: on).")
    boolean clampNoise;
    @Option(names = "--search-samples", defaultValue = "500", description = "Held-out training digits the LMPPM and LDM fits"
            + " restore per candidate setting when they choose their restoration settings (LMPPM: sigma_ker, alpha, beta and"
            + " steps; LDM: the start step) (default: ${DEFAULT-VALUE}).")
    int searchSamples = 500;
    @Option(names = "--eq14", defaultValue = "paper", description = "Eq. 14 as printed (paper) or the authors' code's terms"
            + " (authors: unnormalised shift, L1-mean consistency terms) (default: ${DEFAULT-VALUE}).")
    Eq14Form eq14;

    @Override
    public void validate(OptionChecks check) {
        check.directory("--data", data).writableDirectory("--models", models).atLeast("--epochs", epochs, 1)
                .atLeast("--latent", latent, 1).positive("--distance-lr", distanceRate)
                .atLeast("--search-samples", searchSamples, 1);
    }

    /** Which Eq. 14 LMPPM trains with. */
    enum Eq14Form {
        paper(Eq14Variant.paper()), authors(Eq14Variant.authors());

        final Eq14Variant variant;

        Eq14Form(Eq14Variant variant) {
            this.variant = variant;
        }
    }

    /** The digits: the embedded set, or the IDX files of {@code --data}. */
    public MnistData load() throws IOException {
        return data == null ? MnistData.embedded() : MnistData.fromDirectory(data);
    }

    /** Where trained models are kept: {@code --models}, or OUT/models. */
    public Path directory(Path out) {
        return models != null ? models : out.resolve("models");
    }

    /** The MNIST recipe (Tables 7 and 10) with these options; the LDM trains {@code ldmEpochs} epochs. */
    public MnistRecipe recipe(int ldmEpochs) {
        return Recipes.mnistTable7().latent(latent).epochs(epochs).distanceRate(distanceRate).clampNoise(clampNoise)
                .variant(eq14.variant).ldmEpochs(ldmEpochs).build();
    }

    /** The recipe with its default LDM budget. */
    public MnistRecipe recipe() {
        return Recipes.mnistTable7().latent(latent).epochs(epochs).distanceRate(distanceRate).clampNoise(clampNoise)
                .variant(eq14.variant).build();
    }

    /**
     * The FID / agreement classifier. On the embedded digits: the shipped one
     * ({@link Pretrained#mnistFidClassifier()}, {@link FidClassifierConfig#defaults()} trained on those
     * digits), so that FIDs compare across machines and runs need not train it. On {@code --data}
     * digits: one trained on them with the defaults, once, and kept with the models.
     */
    public MnistClassifier classifier(Path out, MnistData mnist) {
        if (data == null) {
            return Pretrained.mnistFidClassifier();
        }
        try {
            return MnistClassifier.loadOrTrain(directory(out).resolve("fid-classifier.bin"), mnist.train(),
                    FidClassifierConfig.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recipe's DAE trained on {@code train}, or the one saved by an earlier run with the same configuration. */
    public Dae dae(Path out, long seed, TrainingListener listener, NDArray train) {
        Dae.Builder builder = recipe().dae(seed, listener);
        return ModelCache.loadOrFit(directory(out).resolve("dae"), builder.config(), Dae::load, () -> builder.fit(train),
                Dae::save);
    }

    /** The recipe's LMPPM model trained on {@code train}, or the one saved by an earlier run with the same configuration. */
    public Lmppm lmppm(Path out, long seed, TrainingListener listener, NDArray train) {
        LmppmBuilder builder = recipe().lmppm(seed, listener)
                .restorationSearch(RestorationSearch.defaults().withSamples(searchSamples));
        return ModelCache.loadOrFit(directory(out).resolve("lmppm"), builder.config(), Lmppm::load,
                () -> builder.fit(train), Lmppm::save);
    }

    /**
     * The LDM on this DAE's codes, its start step chosen on {@code --search-samples} held-out digits;
     * cached under a key of the DAE's configuration (it is only valid for that DAE).
     */
    public LatentDiffusion ldm(Path out, long seed, TrainingListener listener, Dae dae, NDArray train, int ldmEpochs) {
        LdmBuilder builder = recipe(ldmEpochs).ldm(seed, listener)
                .startSearch(StartSearch.defaults().withSamples(searchSamples));
        return ModelCache.loadOrFit(ModelCache.keyedBy(directory(out).resolve("ldm"), dae.config()), builder.config(latent),
                LatentDiffusion::load, () -> builder.fit(dae, train), LatentDiffusion::save);
    }

    /** The latent size d of the autoencoders. */
    public int latent() {
        return latent;
    }

    /** The autoencoders' training epochs. */
    public int epochs() {
        return epochs;
    }

    /** Adam learning rate of D_S. */
    public double distanceRate() {
        return distanceRate;
    }
}
