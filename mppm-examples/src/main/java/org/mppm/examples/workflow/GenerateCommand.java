package org.mppm.examples.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mppm.examples.OptionChecks;
import org.mppm.models.images.FolderGeneration;
import org.mppm.models.images.FolderReport;
import org.mppm.models.io.ModelLocation;
import org.mppm.models.io.SavedSamplers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mppm generate --model MODEL --count N --out DIR --seed S}: new images from a saved model
 * ({@link SavedSamplers}: LMPPM from latent noise or by score smoothing over its training codes; EDM
 * Euler, Heun or MAD), written as {@code 000000.png}, ... ({@link FolderGeneration}; resumes).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate images with a saved lmppm (lmppm, smoothing) or edm (euler, heun, mad) model.")
public final class GenerateCommand implements Callable<Integer>, OptionChecks.Validated {
    private static final Map<String, Integer> DEFAULT_STEPS = Map.of(SavedSamplers.LMPPM, 16, SavedSamplers.SMOOTHING, 100,
            SavedSamplers.EULER, 40, SavedSamplers.HEUN, 40, SavedSamplers.MAD, 40);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "A saved model folder of kind lmppm or edm-image-denoiser, or builtin:mnist-lmppm.")
    String model;
    @Option(names = "--count", required = true, description = "Images to generate.") int count;
    @Option(names = "--out", required = true, description = "Output folder (created if missing).") Path out;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the samples (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--method", description = "lmppm: lmppm (default) or smoothing; edm: euler (default), heun or mad.")
    String method;
    @Option(names = "--steps", description = "Steps (default: lmppm 16, smoothing 100, EDM levels 40).") Integer steps;
    @Option(names = "--batch-size", defaultValue = "64", description = "Samples drawn together (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--quiet", description = "No progress bar.") boolean quiet;

    private Path modelDir;

    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--count", count, 1).atLeast("--batch-size", batchSize, 1).writableDirectory("--out", out)
                .that(steps == null || steps >= 1, "--steps must be an integer >= 1, got " + steps);
        try {
            modelDir = ModelLocation.resolve(model);
            var methods = SavedSamplers.methods(modelDir);
            if (method == null) {
                method = methods.get(0);
            }
            check.that(methods.contains(method), "--method must be one of " + methods + " for this model, got '" + method + "'");
        } catch (IllegalArgumentException e) {
            check.that(false, "--model: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        int n = steps != null ? steps : DEFAULT_STEPS.get(method);
        FolderReport report;
        try (SavedSamplers.Opened opened = SavedSamplers.open(modelDir, method, n, seed)) {
            report = FolderGeneration.of(opened.sampler()).withBatchSize(batchSize).withProgress(new TerminalProgress(quiet))
                    .generate(count, seed, out);
        }
        spec.commandLine().getOut().println("generate " + method + " (" + n + " steps, seed " + seed + "): " + report.written()
                + " written, " + report.existing() + " already there -> " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
