package org.mppm.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.core.Projection;
import org.mppm.core.SeededNoise;
import org.mppm.core.density.GaussianKernelDensity;
import org.mppm.core.image.ImageGrid;
import org.mppm.models.data.MnistData;
import org.mppm.models.fid.ClassConditionalFid;
import org.mppm.models.fid.FidResult;
import org.mppm.models.fid.MnistClassifier;
import org.mppm.models.lmppm.Lmppm;
import org.mppm.samplers.mppm.LatentMppmProjector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fig. 7 of the MPPM paper: digits generated from pure noise by LMPPM iterations (Algorithm 2
 * started from noise images), their class-conditional FID against the clean training digits, the
 * class histogram (no class may vanish) and a strip of the progression over the steps.
 */
@Command(name = "mnist-generate", mixinStandardHelpOptions = true,
        description = "Fig. 7: LMPPM generates digits from pure noise; FID and class histogram.")
public final class MnistGenerateCommand implements Callable<Integer> {

    @Mixin ExperimentOptions options;
    @Mixin MnistModels setup;

    @Option(names = "--samples", defaultValue = "2000", description = "Digits generated (default: ${DEFAULT-VALUE}).")
    int samples;
    @Option(names = "--steps", defaultValue = "16", description = "Algorithm 2 steps (Fig. 7: 16) (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--alpha", defaultValue = "0.15") double alpha;
    @Option(names = "--beta", defaultValue = "0.1") double beta;
    @Option(names = "--sigma-ker", defaultValue = "0.1", description = "sigma_ker of z-bar (Eq. 15) (default: ${DEFAULT-VALUE}).")
    double sigmaKer;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    record Setup(String featureExtractor, int samples, int referenceDigits, double fidOverall, int steps, double alpha,
            double beta, double sigmaKer, String noise, long seed) {}

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
                // pure noise images, as the authors' code draws them: clamp(0.5 + 0.5 N(0, 1), 0, 1)
                NDArray noise = SeededNoise.normal(nd, new Shape(samples, 1, 28, 28), DataType.FLOAT32, options.seed())
                        .mul(0.5f).add(0.5f).clip(0, 1);
                LatentMppmProjector generator = lmppm.restorer().kernel(kernel).alpha(alpha).beta(beta).steps(steps)
                        .recordTrajectory(true).build();
                NDList parts = new NDList();
                NDArray firstPath = null;
                for (int start = 0; start < samples; start += 500) {
                    try (Projection p = generator.project(noise.get("{}:{}", start, Math.min(samples, start + 500)))) {
                        parts.add(p.result().duplicate());
                        if (firstPath == null) {
                            firstPath = p.trajectory().orElseThrow().get(":, 0:8").duplicate();
                        }
                    }
                }
                NDArray generated = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
                FidResult fid = new ClassConditionalFid(classifier, mnist.train()).evaluate(generated);
                int[] histogram = new int[10];
                for (int c : classifier.classify(generated)) {
                    histogram[c]++;
                }
                Map<String, Object> results = new LinkedHashMap<>();
                results.put("fid", fid.classConditional());
                results.put("classHistogram", histogram);
                ResultsWriter out = new ResultsWriter(options.out());
                out.json(results);
                out.text("setup.json", new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(new Setup(
                        classifier.name(), samples, mnist.train().count(), fid.overall(), steps, alpha, beta, sigmaKer,
                        "clamp(0.5 + 0.5 N(0, 1), 0, 1)", options.seed())) + "\n");
                String table = String.format(Locale.ROOT, "# mnist-generate (Fig. 7)%n%n%d digits from pure noise, %d steps"
                        + " of Algorithm 2. Class-conditional FID %.2f (overall %.2f), features of %s, against %d clean"
                        + " training digits (the paper: 19.5, its own classifier).%n%n| class | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8"
                        + " | 9 |%n|---|---|---|---|---|---|---|---|---|---|---|%n| digits |", samples, steps,
                        fid.classConditional(), fid.overall(), classifier.name(), mnist.train().count());
                StringBuilder sb = new StringBuilder(table);
                for (int h : histogram) {
                    sb.append(' ').append(h).append(" |");
                }
                out.markdown(sb.append('\n').toString());
                out.png("progression.png", progression(lmppm, firstPath));
                try (NDArray shown = generated.get("0:40")) {
                    out.png("samples.png", ImageGrid.builder().scale(2).row("generated", shown).build().render());
                }
                System.out.print(sb);
            }
        }
        return 0;
    }

    /** One row per sample, one column per step: the decoded latent path {@code [T + 1, 8, d]}. */
    private static java.awt.image.BufferedImage progression(Lmppm lmppm, NDArray path) {
        long steps = path.getShape().get(0);
        ImageGrid.Builder grid = ImageGrid.builder().scale(2);
        for (int s = 0; s < path.getShape().get(1); s++) {
            NDArray codes = path.get(":, {}, :", s);
            grid.row("sample " + s, lmppm.manifold().embed(codes));
        }
        return grid.build().render();
    }
}
