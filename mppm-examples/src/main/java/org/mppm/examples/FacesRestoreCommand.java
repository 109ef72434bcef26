package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.mppm.core.Manifold;
import org.mppm.core.Projection;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.density.NeighbourBandwidth;
import org.mppm.core.image.ImageGrid;
import org.mppm.core.image.degrade.Degradation;
import org.mppm.core.image.degrade.PaperDegradations;
import org.mppm.core.image.metrics.Ssim;
import org.mppm.models.dae.Dae;
import org.mppm.models.data.TrainTestSplit;
import org.mppm.models.fid.FeatureFid;
import org.mppm.models.fid.RandomConvFeatures;
import org.mppm.models.ldm.LatentDiffusion;
import org.mppm.models.ldm.LdmRestorer;
import org.mppm.models.lmppm.Lmppm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Table 2 and Figs. 8-11 of the MPPM paper: DAE, LDM and LMPPM, all on the Table 8 U-Net with
 * latent skip projections and the same training faces, restore the twelve degradations of Table 2
 * on held-out faces; SSIM and FID (the Frechet distance of {@link RandomConvFeatures}, a seeded
 * random colour convolutional network: no Inception weights offline) against the clean training faces. LMPPM restores by Appendix B: Algorithm 2 on z, decoded with
 * the degraded image's skips plus {@code S-hat(z)}.
 */
@Command(name = "faces-restore", mixinStandardHelpOptions = true,
        description = "Table 2 / Figs. 8-11: DAE, LDM and LMPPM on a U-Net restore twelve degradations of colour faces.")
public final class FacesRestoreCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final int SHOWN = 8;
    private static final int CHUNK = 100;
    private static final com.google.gson.Gson PRETTY = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    @Mixin ExperimentOptions options;
    @Mixin FacesModels setup;

    @Option(names = "--steps", defaultValue = "16", description = "Algorithm 2 steps (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--alpha", defaultValue = "0.15") double alpha;
    @Option(names = "--beta", defaultValue = "0.1") double beta;
    @Option(names = "--sigma-ker", defaultValue = "0", description = "sigma_ker of z-bar (Eq. 15) on the latent norm; the"
            + " paper gives none. 0: from the codes, by --kernel-perplexity (default: ${DEFAULT-VALUE}).")
    double sigmaKer;
    @Option(names = "--kernel-perplexity", defaultValue = "5", description = "With --sigma-ker 0: the bandwidth at which a"
            + " training code's leave-one-out kernel weights have this perplexity on average (z-bar averages about this"
            + " many codes); 0: the median nearest-neighbour distance instead, which in 128-d averages over most codes"
            + " (default: ${DEFAULT-VALUE}).")
    double kernelPerplexity;
    @Option(names = "--reencode", description = "Re-encode after every Algorithm 2 step, (S^n, z^n) = F(x^n) (the authors'"
            + " variant of Appendix B); default: encode once, keep the degraded image's skips.")
    boolean reencode;
    @Option(names = "--skips-follow", description = "Encode once, but decode step n + 1 with the skips moved by the"
            + " restoration's change, G(S(x) + S(x^n) - S(x^1) + S-hat(z^{n+1}), z^{n+1}); default: the degraded image's skips.")
    boolean skipsFollow;
    @Option(names = "--skip-scale", defaultValue = "1", description = "LMPPM restoration decodes with kappa times the"
            + " degraded image's skips, G(kappa S + S-hat(z), z); 0 decodes from z alone (for models trained with"
            + " --skip-dropout; ours, not the paper's) (default: ${DEFAULT-VALUE}).")
    double skipScale;
    @Option(names = "--dae-skip-scale", defaultValue = "1", description = "The same for the DAE's restoration,"
            + " G(kappa S + S-hat(z), z) (default: ${DEFAULT-VALUE}).")
    double daeSkipScale;
    @Option(names = "--ldm-start", defaultValue = "200", description = "LDM restoration starts the reverse chain at this"
            + " step of 2,000 (authors: 150-200) (default: ${DEFAULT-VALUE}).")
    int ldmStart;
    @Option(names = "--save-images", description = "Also write clean, degraded and restored test images here, as DJL"
            + " NDList files (NDList.decode) [N, 3, S, S].")
    Path saveImages;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    /** One method's restoration of a batch {@code [B, 3, S, S] -> [B, 3, S, S]}. */
    interface Method extends UnaryOperator<NDArray> {}

    record Score(double ssim, double fid) {}

    /** The ablation of one degradation: G(F(x)) alone, and the mean absolute change Algorithm 2 makes to it. */
    record Ablation(double ssim, double fid, double meanChange) {}

    record Setup(String data, String architecture, String featureExtractor, int trainImages, int testImages, int epochs,
            int ldmEpochs, int ldmStart, double noise, double distanceRate, int steps, double alpha, double beta,
            double sigmaKer, boolean reencode, boolean skipsFollow, double skipDropout, double daeSkipDropout, double skipScale, double daeSkipScale,
            long seed, double seconds) {}

    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--steps", steps, 0).flowWeights(alpha, beta).nonNegative("--sigma-ker", sigmaKer)
                .that(kernelPerplexity == 0 || kernelPerplexity >= 1 && Double.isFinite(kernelPerplexity),
                        "--kernel-perplexity must be 0 or a finite number >= 1, got " + kernelPerplexity)
                .that(!(reencode && skipsFollow), "--reencode and --skips-follow exclude each other")
                .nonNegative("--skip-scale", skipScale).nonNegative("--dae-skip-scale", daeSkipScale)
                .between("--ldm-start", ldmStart, 1, 2000).writableDirectory("--save-images", saveImages);
    }

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray all = setup.images(nd, options.seed());
            if (setup.testCount < 1 || setup.testCount >= all.getShape().get(0) - 1) {
                throw new IllegalArgumentException("--test must lie in [1, " + (all.getShape().get(0) - 2) + "] for "
                        + all.getShape().get(0) + " images, got " + setup.testCount);
            }
            TrainTestSplit split = TrainTestSplit.of(all, setup.testCount, options.seed());
            NDArray train = split.train();
            NDArray test = split.test();
            Progress progress = new Progress(quiet, "faces");
            Path out = options.out();
            try (Dae dae = setup.dae(out, options.seed(), progress.phase("DAE"), train);
                    LatentDiffusion ldm = setup.ldm(out, options.seed(), progress.phase("LDM"), dae, train);
                    Lmppm lmppm = setup.lmppm(out, options.seed(), progress.phase("LMPPM"), train);
                    GaussianKernelDensity kernel = GaussianKernelDensity.of(lmppm.codes(), bandwidth(lmppm));
                    RandomConvFeatures features = new RandomConvFeatures(3, options.seed())) {
                FeatureFid fid = new FeatureFid(features, train);
                progress.done();
                Map<String, Method> methods = new LinkedHashMap<>();
                Manifold daeChart = dae.manifold(daeSkipScale);
                methods.put("dae", daeChart::project);
                LdmRestorer ldmRestorer = ldm.restoration(dae).startStep(ldmStart).seed(options.seed()).build();
                methods.put("ldm", ldmRestorer::restore);
                Manifold chart = lmppm.manifold(skipScale);
                methods.put("lmppm", x -> {
                    try (Projection p = lmppm.restoration().autoencoder(chart).kernel(kernel).alpha(alpha).beta(beta).steps(steps)
                            .reencodeEachStep(reencode).skipsFollowRestoration(skipsFollow).build().project(x)) {
                        return p.result().duplicate();
                    }
                });
                // ablation: LMPPM's own U-Net without Algorithm 2, G(F(x))
                Method plain = chart::project;
                Map<String, Map<String, Score>> results = new LinkedHashMap<>();
                Map<String, Score> degradedScores = new LinkedHashMap<>();
                Map<String, Ablation> ablation = new LinkedHashMap<>();
                ResultsWriter writer = new ResultsWriter(out);
                save("clean", test);
                for (Degradation degradation : PaperDegradations.facesTable2()) {
                    String key = degradation.key();
                    try (NDManager scope = nd.newSubManager()) {
                        test.tempAttach(scope);
                        NDArray degraded = degradation.apply(test, options.seed());
                        degradedScores.put(key, score(degraded, test, fid));
                        Map<String, Score> row = new LinkedHashMap<>();
                        Map<String, NDArray> restorations = new LinkedHashMap<>();
                        ImageGrid.Builder grid = ImageGrid.builder().scale(Math.max(1, 96 / setup.size))
                                .row("degraded", degraded.get("0:{}", SHOWN));
                        for (Map.Entry<String, Method> m : methods.entrySet()) {
                            NDArray restored = Batches.map(m.getValue(), degraded, CHUNK);
                            row.put(m.getKey(), score(restored, test, fid));
                            grid.row(m.getKey(), restored.get("0:{}", SHOWN));
                            save(key + "-" + m.getKey(), restored);
                            restorations.put(m.getKey(), restored);
                        }
                        NDArray reconstructed = Batches.map(plain, degraded, CHUNK);
                        Score alone = score(reconstructed, test, fid);
                        ablation.put(key, new Ablation(alone.ssim(), alone.fid(),
                                restorations.get("lmppm").sub(reconstructed).abs().mean().getFloat()));
                        grid.row("original", test.get("0:{}", SHOWN)).build().writePng(out.resolve("grid-" + key + ".png"));
                        save(key + "-degraded", degraded);
                        results.put(key, row);
                        System.err.println(key + ": " + row);
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                writer.json(results);
                writer.text("ablation.json", PRETTY.toJson(ablation) + "\n");
                String table = table(results, degradedScores, fid.extractorName(), split.testCount(), split.trainCount())
                        + ablationTable(results, ablation);
                writer.markdown(table);
                writer.text("setup.json", PRETTY.toJson(new Setup(setup.source(),
                        setup.describe(), fid.extractorName(), split.trainCount(), split.testCount(), setup.epochs, setup.ldmEpochs,
                        ldmStart, setup.noise, setup.distanceRate, steps, alpha, beta, kernel.bandwidth(), reencode, skipsFollow, setup.skipDropout,
                        setup.daeSkipDropout, skipScale, daeSkipScale, options.seed(),
                        seconds)) + "\n");
                System.out.print(table);
                System.err.printf(Locale.ROOT, "faces-restore: %.0f s%n", seconds);
            }
        }
        return 0;
    }

    /**
     * {@code --sigma-ker}; when it is 0, from the training codes: the bandwidth of perplexity
     * {@code --kernel-perplexity} ({@link NeighbourBandwidth}), or the median nearest-neighbour distance when that is 0.
     */
    private double bandwidth(Lmppm lmppm) {
        if (sigmaKer < 0) {
            throw new IllegalArgumentException("--sigma-ker must be >= 0 (0: from the codes), got " + sigmaKer);
        }
        if (sigmaKer > 0) {
            return sigmaKer;
        }
        return kernelPerplexity == 0 ? GaussianKernelDensity.medianNearestNeighbourDistance(lmppm.codes())
                : NeighbourBandwidth.forPerplexity(lmppm.codes(), kernelPerplexity, 1000, options.seed());
    }

    private static Score score(NDArray restored, NDArray clean, FeatureFid fid) {
        return new Score(Ssim.gaussian().mean(restored, clean), fid.evaluate(restored));
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

    private static String ablationTable(Map<String, Map<String, Score>> results, Map<String, Ablation> ablation) {
        StringBuilder sb = new StringBuilder("Ablation: LMPPM's U-Net alone, G(F(x)), against Appendix B / Algorithm 2"
                + " (SSIM / FID), and the mean absolute pixel change Algorithm 2 makes to G(F(x))\n\n"
                + "| degradation | G(F(x)) | Algorithm 2 | mean change |\n|---|---|---|---|\n");
        for (String key : results.keySet()) {
            Ablation a = ablation.get(key);
            Score b = results.get(key).get("lmppm");
            sb.append(String.format(Locale.ROOT, "| %s | %.3f / %.3f | %.3f / %.3f | %.5f |%n", key, a.ssim(), a.fid(),
                    b.ssim(), b.fid(), a.meanChange()));
        }
        return sb.toString();
    }

    /** Table 2's layout: one block per degradation family, its three levels side by side. */
    private static String table(Map<String, Map<String, Score>> results, Map<String, Score> degraded, String features,
            int tests, int references) {
        StringBuilder sb = new StringBuilder("# faces-restore (Table 2)\n\n");
        sb.append("SSIM: Gaussian window (sigma 1.5, 11 taps), mean over channels. FID: ").append(features).append(", ")
                .append(tests).append(" restored test faces against ").append(references).append(" clean training faces.\n\n");
        List<String> keys = new ArrayList<>(results.keySet());
        for (int i = 0; i < keys.size(); i += 3) {
            List<String> family = keys.subList(i, Math.min(keys.size(), i + 3));
            StringBuilder head = new StringBuilder("|");
            StringBuilder rule = new StringBuilder("|---");
            for (String k : family) {
                head.append(" | ").append(k).append(" SSIM | ").append(k).append(" FID");
                rule.append("|---|---");
            }
            sb.append(head).append(" |\n").append(rule).append("|\n");
            sb.append(row("degraded", family, k -> degraded.get(k)));
            for (String m : results.get(family.get(0)).keySet()) {
                sb.append(row(m, family, k -> results.get(k).get(m)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String row(String name, List<String> keys, java.util.function.Function<String, Score> score) {
        StringBuilder sb = new StringBuilder("| ").append(name);
        for (String k : keys) {
            Score s = score.apply(k);
            sb.append(String.format(Locale.ROOT, " | %.3f | %.3f", s.ssim(), s.fid()));
        }
        return sb.append(" |\n").toString();
    }
}
