package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.mppm.models.cache.ModelCache;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.FaceFolder;
import org.mppm.models.data.SyntheticFaces;
import org.mppm.models.data.TrainTestSplit;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmBuilder;
import org.mppm.models.ldm.StartSearch;
import org.mppm.models.lmppm.Eq14Weights;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.LmppmBuilder;
import org.mppm.models.lmppm.RestorationSearch;
import org.mppm.models.recipes.FacesRecipe;
import org.mppm.models.recipes.Recipes;
import org.mppm.models.train.TrainingListener;
import picocli.CommandLine.Option;

/**
 * The options of the faces experiment (Table 2): the data ({@code --data} folder or generated
 * {@link SyntheticFaces}) and the settings of the {@link FacesRecipe} (Tables 8 and 10 unless an
 * option says otherwise), whose models are reused from the models directory.
 */
public final class FacesModels implements OptionChecks.Validated {

    @Option(names = "--data", description = "Folder of face images (SCUT-FBP5500: DIR/Images/*.jpg, or any folder of"
            + " JPEG/PNG files); default: generated synthetic faces.")
    Path data;
    @Option(names = "--count", defaultValue = "1000", description = "Images used: generated, or the first of --data"
            + " (0: all of --data) (default: ${DEFAULT-VALUE}).")
    int count;
    @Option(names = "--test", defaultValue = "200", description = "Held-out test images, a seeded random subset"
            + " (default: ${DEFAULT-VALUE}).")
    int testCount;
    @Option(names = "--size", defaultValue = "32", description = "Image side S; the paper: 120 (default: ${DEFAULT-VALUE}).")
    int size;
    @Option(names = "--latent", defaultValue = "128", description = "Latent size d; the paper: 1024 (default: ${DEFAULT-VALUE}).")
    int latent;
    @Option(names = "--widths", defaultValue = "8,16,32,64", split = ",", description = "U-Net block widths; Table 8:"
            + " 32,64,128,256 (default: ${DEFAULT-VALUE}).")
    int[] widths;
    @Option(names = "--skip-levels", defaultValue = "-1", description = "U-Net levels with skip connections, innermost"
            + " first; -1: every level, as Table 8 (the authors' code also has a variant without the full-resolution skip)"
            + " (default: ${DEFAULT-VALUE}).")
    int skipLevels;
    @Option(names = "--epochs", defaultValue = "20", description = "Training epochs of DAE and LMPPM; the paper: 75"
            + " (default: ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--batch", defaultValue = "32", description = "Batch size; Table 10: 32 (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--noise", defaultValue = "0.2", description = "Training noise sigma of DAE and LMPPM; the paper: 0.2"
            + " (default: ${DEFAULT-VALUE}).")
    double noise;
    @Option(names = "--distance-lr", defaultValue = "1e-3", description = "Adam learning rate of D_S. Table 10's 1e-5 is"
            + " for 75 epochs; in a short budget D_S hardly leaves its initial values (default: ${DEFAULT-VALUE}).")
    double distanceRate;
    @Option(names = "--lambdas", defaultValue = "1,1,1,1,1,1", split = ",", description = "Eq. 14 weights lambda_1..lambda_6"
            + " (distance, reconstruct, boundary, positivity, shift, decoded shift); the paper gives none (default: ${DEFAULT-VALUE}).")
    double[] lambdas;
    @Option(names = "--skip-dropout", defaultValue = "0", description = "LMPPM training: probability of decoding a sample"
            + " without the encoder's skips, G(S-hat(z), z), so that z must carry the image (ours, not the paper's)"
            + " (default: ${DEFAULT-VALUE}).")
    double skipDropout;
    @Option(names = "--dae-skip-dropout", defaultValue = "0", description = "The same for the DAE (and so the LDM's"
            + " autoencoder) (default: ${DEFAULT-VALUE}).")
    double daeSkipDropout;
    @Option(names = "--ldm-epochs", defaultValue = "60", description = "Training epochs of the LDM's noise predictor"
            + " (default: ${DEFAULT-VALUE}).")
    int ldmEpochs;
    @Option(names = "--search-samples", defaultValue = "500", description = "Held-out training images the LMPPM and LDM"
            + " fits restore per candidate setting when they choose their restoration settings (LMPPM: sigma_ker, alpha,"
            + " beta and steps; LDM: the start step) (default: ${DEFAULT-VALUE}).")
    int searchSamples;
    @Option(names = "--models", description = "Where trained models are kept and reused (default: OUT/models).")
    Path models;

    @Override
    public void validate(OptionChecks check) {
        check.directory("--data", data).writableDirectory("--models", models).atLeast("--count", count, 0)
                .atLeast("--test", testCount, 1)
                .that(count == 0 || testCount < count, "--test must be < --count, got " + testCount + " of " + count)
                .that(widths.length > 0 && Arrays.stream(widths).allMatch(w -> w >= 1),
                        "--widths must be positive integers, got " + Arrays.toString(widths))
                .between("--skip-levels", skipLevels, -1, widths.length).atLeast("--size", size, 1)
                .atLeast("--latent", latent, 1).atLeast("--epochs", epochs, 1).atLeast("--batch", batch, 1)
                .positive("--noise", noise).positive("--distance-lr", distanceRate)
                .that(lambdas.length == 6, "--lambdas takes six weights lambda_1..lambda_6, got " + lambdas.length)
                .that(Arrays.stream(lambdas).allMatch(l -> l >= 0 && Double.isFinite(l)) && Arrays.stream(lambdas).sum() > 0,
                        "--lambdas must be finite numbers >= 0, not all 0, got " + Arrays.toString(lambdas))
                .closed("--skip-dropout", skipDropout, 0, 1).closed("--dae-skip-dropout", daeSkipDropout, 0, 1)
                .atLeast("--ldm-epochs", ldmEpochs, 1).atLeast("--search-samples", searchSamples, 1);
        try {
            recipe();
        } catch (IllegalArgumentException e) {
            check.that(false, "--size, --widths, --skip-levels, --latent do not make a U-Net: " + e.getMessage());
        }
    }

    /** The faces recipe (Tables 8 and 10) with these options. */
    public FacesRecipe recipe() {
        return Recipes.facesTable8().size(size).latent(latent).widths(widths).skipLevels(skipLevels).epochs(epochs).batch(batch)
                .noise(noise).distanceRate(distanceRate)
                .weights(new Eq14Weights(lambdas[0], lambdas[1], lambdas[2], lambdas[3], lambdas[4], lambdas[5]))
                .skipDropout(skipDropout).daeSkipDropout(daeSkipDropout).ldmEpochs(ldmEpochs).build();
    }

    /** All images {@code [N, 3, S, S]} in [0, 1] in {@code manager}: the --data folder or generated faces. */
    NDArray images(NDManager manager, long seed) throws IOException {
        if (data != null) {
            return new FaceFolder(data, size, count).load(manager);
        }
        return new SyntheticFaces(size, seed).images(manager, count);
    }

    /** The images split into training and held-out test images ({@code --test} of them, a seeded random subset). */
    TrainTestSplit split(NDManager manager, long seed) throws IOException {
        NDArray all = images(manager, seed);
        long n = all.getShape().get(0);
        if (testCount < 1 || testCount >= n - 1) {
            throw new IllegalArgumentException("--test must lie in [1, " + (n - 2) + "] for " + n + " images, got " + testCount);
        }
        return TrainTestSplit.of(all, testCount, seed);
    }

    /** What the images are, for the results' set-up record. */
    String source() {
        return data != null ? "folder " + data : "SyntheticFaces(" + size + ")";
    }

    Path directory(Path out) {
        return models != null ? models : out.resolve("models");
    }

    Dae dae(Path out, long seed, TrainingListener listener, NDArray train) {
        Dae.Builder builder = recipe().dae(seed, listener);
        return ModelCache.loadOrFit(directory(out).resolve("dae"), builder.config(), Dae::load, () -> builder.fit(train),
                Dae::save);
    }

    /**
     * The LDM on this DAE's codes, its start step chosen on {@code --search-samples} held-out images;
     * cached under a key of the DAE's configuration (it is only valid for that DAE).
     */
    LatentDiffusion ldm(Path out, long seed, TrainingListener listener, Dae dae, NDArray train) {
        LdmBuilder builder = recipe().ldm(seed, listener).startSearch(StartSearch.defaults().withSamples(searchSamples));
        return ModelCache.loadOrFit(ModelCache.keyedBy(directory(out).resolve("ldm"), dae.config()), builder.config(latent),
                LatentDiffusion::load, () -> builder.fit(dae, train), LatentDiffusion::save);
    }

    /** LMPPM, its sigma_ker, alpha, beta and steps chosen on {@code --search-samples} held-out images. */
    Lmppm lmppm(Path out, long seed, TrainingListener listener, NDArray train) {
        LmppmBuilder builder = recipe().lmppm(seed, listener)
                .restorationSearch(RestorationSearch.defaults().withSamples(searchSamples));
        return ModelCache.loadOrFit(directory(out).resolve("lmppm"), builder.config(), Lmppm::load,
                () -> builder.fit(train), Lmppm::save);
    }
}
