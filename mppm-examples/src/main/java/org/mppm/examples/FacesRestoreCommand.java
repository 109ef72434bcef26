package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.Chunking;
import org.mppm.core.Manifold;
import org.mppm.core.KernelDensity;
import org.mppm.core.image.degrade.PaperDegradations;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.TrainTestSplit;
import org.mppm.models.evaluation.MeanChange;
import org.mppm.models.evaluation.RestorationEvaluation;
import org.mppm.models.evaluation.RestorationObserver;
import org.mppm.models.evaluation.RestorationResults;
import org.mppm.models.evaluation.Score;
import org.mppm.models.fid.FeatureFid;
import org.mppm.models.fid.RandomConvFeatures;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmRestorer;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.models.lmppm.LmppmRestoration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Table 2 and Figs. 8-11 of the MPPM paper: DAE, LDM and LMPPM, all on the Table 8 U-Net with
 * latent skip projections and the same training faces, restore the twelve degradations of Table 2
 * on held-out faces ({@link RestorationEvaluation}); SSIM and FID (the Frechet distance of
 * {@link RandomConvFeatures}, a seeded random colour convolutional network: no Inception weights
 * offline) against the clean training faces. LMPPM restores by Appendix B: Algorithm 2 on z, decoded
 * with the degraded image's skips plus {@code S-hat(z)}. Each model restores with the settings its
 * fit chose on its validation split (LMPPM: sigma_ker, alpha, beta, steps; LDM: t0) unless an
 * option overrides one ({@link RestorationOverrides}).
 */
@Command(name = "faces-restore", mixinStandardHelpOptions = true,
        description = "Table 2 / Figs. 8-11: DAE, LDM and LMPPM on a U-Net restore twelve degradations of colour faces.")
public final class FacesRestoreCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final int SHOWN = 8;
    private static final int CHUNK = 100;
    private static final List<String> METHODS = List.of("dae", "ldm", "lmppm");

    @Mixin ExperimentOptions options;
    @Mixin FacesModels setup;
    @Mixin RestorationOverrides settings;
    @Mixin FacesRestoration restoration;

    @Option(names = "--save-images", description = "Also write clean, degraded and restored test images here, as DJL"
            + " NDList files (NDList.decode) [N, 3, S, S].")
    Path saveImages;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    record Setup(String data, String architecture, String featureExtractor, int trainImages, int testImages, int epochs,
            int ldmEpochs, int ldmStart, double noise, double distanceRate, int steps, double alpha, double beta,
            double sigmaKer, String kernelMetric, boolean reencode, boolean skipsFollow, double skipDropout,
            double daeSkipDropout, double skipScale, double daeSkipScale, long seed, double seconds) {}

    @Override
    public void validate(OptionChecks check) {
        check.writableDirectory("--save-images", saveImages);
    }

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        long seed = options.seed();
        Path out = options.out();
        try (NDManager nd = NDManager.newBaseManager()) {
            TrainTestSplit split = setup.split(nd, seed);
            NDArray train = split.train();
            NDArray test = split.test();
            Progress progress = new Progress(quiet, "faces");
            try (Dae dae = setup.dae(out, seed, progress.phase("DAE"), train);
                    LatentDiffusion ldm = setup.ldm(out, seed, progress.phase("LDM"), dae, train);
                    Lmppm lmppm = setup.lmppm(out, seed, progress.phase("LMPPM"), train);
                    KernelDensity.Owned kernel = settings.kernel(lmppm);
                    RandomConvFeatures features = new RandomConvFeatures(3, seed)) {
                FeatureFid fid = new FeatureFid(features, train);
                progress.done();
                Manifold chart = lmppm.manifold(restoration.skipScale);
                LmppmRestoration used = restoration.variant(settings.lmppm(lmppm));
                LdmRestorer ldmRestorer = settings.ldm(ldm, dae, seed);
                RestorationEvaluation evaluation = RestorationEvaluation.builder().degradations(PaperDegradations.facesTable2())
                        .method("dae", restoration.dae(dae)).method("ldm", ldmRestorer)
                        .method("lmppm", lmppm.restoration(used).kernel(kernel).autoencoder(chart).build())
                        .method("plain", (x, first) -> chart.project(x)) // ablation: LMPPM's U-Net alone, G(F(x))
                        .fid(fid::evaluate).seed(seed).chunking(Chunking.of(CHUNK).withThreads(Main.chunkThreads())).build();
                save("clean", test);
                MeanChange change = new MeanChange("lmppm", "plain");
                RestorationResults scores = evaluation.evaluate(test, RestorationObserver.all(change,
                        RestorationObserver.grids(out, test, METHODS, SHOWN, Math.max(1, 96 / setup.size)),
                        RestorationObserver.saving(this::save, METHODS)));
                RestorationResults results = scores.only(METHODS);
                Map<String, FacesAblation> ablation = new LinkedHashMap<>();
                for (String key : scores.degradations()) {
                    Score alone = scores.score(key, "plain");
                    ablation.put(key, new FacesAblation(alone.ssim(), alone.fid(), change.byDegradation().get(key)));
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                ResultsWriter writer = new ResultsWriter(out);
                writer.json(results.byDegradation());
                writer.json("ablation.json", ablation);
                String table = "# faces-restore (Table 2)\n\nSSIM: Gaussian window (sigma 1.5, 11 taps), mean over channels. FID: "
                        + fid.extractorName() + ", " + split.testCount() + " restored test faces against " + split.trainCount()
                        + " clean training faces.\n\n" + results.markdown(3, 3) + FacesAblation.table(results, ablation);
                writer.markdown(table);
                writer.json("setup.json", new Setup(setup.source(), setup.recipe().describe(), fid.extractorName(),
                        split.trainCount(), split.testCount(), setup.epochs, setup.ldmEpochs, ldmRestorer.startStep(), setup.noise,
                        setup.distanceRate, used.steps(), used.alpha(), used.beta(), kernel.bandwidth(),
                        lmppm.config().kernelMetric().name(), used.reencodeEachStep(), used.skipsFollowRestoration(),
                        setup.skipDropout, setup.daeSkipDropout, restoration.skipScale, restoration.daeSkipScale, seed, seconds));
                System.out.print(table);
                System.err.printf(Locale.ROOT, "faces-restore: %.0f s%n", seconds);
            }
        }
        return 0;
    }

    private void save(String name, NDArray images) {
        if (saveImages == null) {
            return;
        }
        try {
            Files.createDirectories(saveImages);
            Files.write(saveImages.resolve(name + ".ndlist"), new NDList(images).encode());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write images to " + saveImages, e);
        }
    }
}
