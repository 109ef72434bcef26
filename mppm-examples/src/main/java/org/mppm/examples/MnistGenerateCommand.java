package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.Chunking;
import org.mppm.core.Projection;
import org.mppm.core.SampleSeeds;
import org.mppm.core.SeededNoise;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.image.ImageGrid;
import org.mppm.core.stats.GaussianMoments;
import org.mppm.models.data.MnistData;
import org.mppm.examples.plot.LatentProgression;
import org.mppm.models.fid.ClassConditionalFid;
import org.mppm.models.fid.DigitScore;
import org.mppm.models.fid.FidResult;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.lmppm.CodeGeneration;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.samplers.mppm.LatentMppmProjector;
import org.mppm.samplers.mppm.LatentMppmSampler;
import org.mppm.samplers.mppm.LatentNoise;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fig. 7 of the MPPM paper: digits generated from pure noise by LMPPM iterations (Algorithm 2),
 * their class-conditional FID against the clean training digits, the class histogram (no class may
 * vanish) and a strip of the progression over the steps.
 *
 * <p>Two starts, both always measured: {@code latent} (the default) draws {@code z^1} from the
 * Gaussian N(mean, covariance) fitted to the training codes S; {@code pixel} encodes pure noise
 * images {@code clamp(0.5 + 0.5 N(0, 1), 0, 1)} as the authors' code does, {@code z^1 = F(noise)}.
 * On our autoencoder F maps pure noise images into a small region of the latent space (per-coordinate
 * spread about a quarter of the codes'), whose nearest codes are 7, 8 and 9, so the deterministic flow
 * from there collapses onto two or three classes; the latent start keeps all ten. The decoded start
 * {@code G(z^1)} without any flow step is reported as the ablation.
 */
@Command(name = "mnist-generate", mixinStandardHelpOptions = true,
        description = "Fig. 7: LMPPM generates digits from pure noise; FID and class histogram.")
public final class MnistGenerateCommand implements Callable<Integer>, OptionChecks.Validated {

    @Mixin ExperimentOptions options;
    @Mixin MnistModels setup;

    @Option(names = "--samples", defaultValue = "2000", description = "Digits generated (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--steps", defaultValue = "16", description = "Algorithm 2 steps (Fig. 7: 16) (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--alpha", defaultValue = "0.15") double alpha;
    @Option(names = "--beta", defaultValue = "0.3", description = "Kernel-pull weight (default: ${DEFAULT-VALUE}).")
    double beta;
    @Option(names = "--start", defaultValue = "latent",
            description = "latent: z^1 ~ N(mean, cov) of the training codes; pixel: z^1 = F(pure noise image) (default: ${DEFAULT-VALUE}).")
    Start start;
    @Option(names = "--sigma-ker", defaultValue = "0.1", description = "sigma_ker of z-bar (Eq. 15) (default: ${DEFAULT-VALUE}).")
    double sigmaKer;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    /** Where Algorithm 2 starts. */
    enum Start { latent, pixel }

    record Setup(String featureExtractor, int samples, int referenceDigits, double fidOverall, int steps, double alpha,
            double beta, double sigmaKer, String start, long seed) {}

    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--samples", samples, 2).atLeast("--steps", steps, 0).flowWeights(alpha, beta)
                .positive("--sigma-ker", sigmaKer);
    }

    @Override
    public Integer call() throws IOException {
        MnistData mnist = setup.load();
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray train = mnist.train().images(nd);
            Progress progress = new Progress(quiet, "mnist");
            try (MnistClassifier classifier = setup.classifier(options.out(), mnist);
                    Lmppm lmppm = setup.lmppm(options.out(), options.seed(), progress.phase("LMPPM"), train);
                    GaussianKernelDensity kernel = GaussianKernelDensity.of(lmppm.codes(), sigmaKer)) {
                progress.done();
                LatentMppmProjector generator = lmppm.restoration().kernel(kernel).alpha(alpha).beta(beta).steps(steps)
                        .recordTrajectory(true).build();
                ClassConditionalFid fid = new ClassConditionalFid(classifier, mnist.train());
                // z ~ N(mean, cov) of the training codes, per sample (the codes the sampler below starts from)
                LatentNoise latentNoise = LatentNoise.gaussian(GaussianMoments.of(lmppm.codes()));
                LatentMppmSampler fromLatentNoise = new LatentMppmSampler(generator, latentNoise);
                NDArray latentStart = latentNoise.codes(nd, new SampleSeeds(options.seed(), 0, samples));
                NDArray pixelStart;
                // pure noise images, as the authors' code draws them: clamp(0.5 + 0.5 N(0, 1), 0, 1)
                try (NDArray noise = SeededNoise.normal(nd, new Shape(samples, 1, 28, 28), DataType.FLOAT32, options.seed())
                        .mul(0.5f).add(0.5f).clip(0, 1)) {
                    pixelStart = lmppm.manifold().chart(noise);
                }
                NDArray firstPaths;
                NDArray generated;
                if (start == Start.latent) {
                    generated = fromLatentNoise.sample(nd, samples, options.seed(), Chunking.of(500).withThreads(Main.chunkThreads()));
                    try (NDArray first = latentStart.get("0:8"); Projection p = generator.projectCodes(first)) {
                        firstPaths = p.trajectory().orElseThrow().duplicate();
                    }
                } else {
                    CodeGeneration fromPixels = CodeGeneration.of(generator, pixelStart, 500, 8);
                    generated = fromPixels.images();
                    firstPaths = fromPixels.paths();
                }
                FidResult main = fid.evaluate(generated);
                DigitScore other;
                try (NDArray alternative = start == Start.latent ? CodeGeneration.of(generator, pixelStart, 500, 0).images()
                        : fromLatentNoise.sample(nd, samples, options.seed(), Chunking.of(500).withThreads(Main.chunkThreads()))) {
                    other = DigitScore.of(fid, classifier, alternative);
                }
                DigitScore decodedStart;
                try (NDArray decoded = lmppm.manifold().embed(start == Start.latent ? latentStart : pixelStart)) {
                    decodedStart = DigitScore.of(fid, classifier, decoded);
                }
                int[] histogram = classifier.histogram(generated);
                Map<String, Object> results = new LinkedHashMap<>();
                results.put("fid", main.classConditional());
                results.put("classHistogram", histogram);
                results.put("start", start.name());
                results.put("decodedStart", decodedStart);
                results.put(start == Start.latent ? "pixelStart" : "latentStart", other);
                ResultsWriter out = new ResultsWriter(options.out());
                out.json(results);
                out.json("setup.json", new Setup(classifier.name(), samples, mnist.train().count(), main.overall(), steps, alpha,
                        beta, sigmaKer, start == Start.latent ? "z ~ N(mean, cov) of the training codes"
                                : "F(clamp(0.5 + 0.5 N(0, 1), 0, 1))", options.seed()));
                String table = new MnistGenerateTable(samples, start.name(), steps, main, classifier.name(), mnist.train().count())
                        .row(start + " start, Algorithm 2", new DigitScore(main.classConditional(), histogram))
                        .row(start + " start, G(z^1) only", decodedStart)
                        .row((start == Start.latent ? Start.pixel : Start.latent) + " start, Algorithm 2", other).toString();
                out.markdown(table);
                out.png("progression.png", LatentProgression.of("mnist-generate: G(z) along Algorithm 2 from a " + start
                        + " start, one row per sample", lmppm.manifold()::embed, firstPaths).render());
                int perRow = Math.min(10, samples);
                int rows = Math.min(4, samples / perRow);
                ImageGrid.Builder sheet = ImageGrid.builder().title("mnist-generate: the first " + rows * perRow
                        + " generated digits (" + start + " start, " + steps + " steps of Algorithm 2)").columns("in row").scale(2);
                for (int r = 0; r < rows; r++) {
                    try (NDArray shown = generated.get(r * perRow + ":" + (r + 1) * perRow)) {
                        sheet.row("samples " + (r * perRow + 1) + "-" + (r + 1) * perRow, shown);
                    }
                }
                out.png("samples.png", sheet.build().render());
                System.out.print(table);
            }
        }
        return 0;
    }
}
