package org.mppm.examples.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mppm.examples.Main;
import org.mppm.examples.OptionChecks;
import org.mppm.models.images.FolderReport;
import org.mppm.models.images.FolderRestoration;
import org.mppm.models.images.SizePolicy;
import org.mppm.models.io.ModelLocation;
import org.mppm.models.io.SavedModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mppm restore --model MODEL --input FILE|DIR --out DIR}: restores every image with a saved
 * model ({@link SavedModels#KINDS}) into PNG files named as the inputs ({@link FolderRestoration}).
 * Resumes an interrupted run, skips and reports unreadable files, never writes into the input folder.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a folder of degraded images with a saved model; writes PNGs under the input names.")
public final class RestoreCommand implements Callable<Integer>, OptionChecks.Validated {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin FolderOptions folders;

    @Option(names = "--model", required = true, description = "A saved model folder (kinds: lmppm, dae, mppm, ldm) or builtin:NAME (builtin:mnist-lmppm, builtin:mnist-dae).")
    String model;
    @Option(names = "--batch-size", defaultValue = "64", description = "Images restored together (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--threads", description = "Chunks of a batch restored at once on the one model (default: one per"
            + " processor, as the engine's intra-op threads allow); the output is the same for every value.")
    Integer threads;
    @Option(names = "--policy", defaultValue = "CROP_RESIZE",
            description = "Size policy for images not of the model's size: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SizePolicy policy;

    private Path modelDir;

    @Override
    public void validate(OptionChecks check) {
        check.atLeast("--batch-size", batchSize, 1);
        if (threads != null) {
            check.atLeast("--threads", threads, 1);
        }
        try {
            modelDir = ModelLocation.resolve(model);
            String kind = SavedModels.kind(modelDir);
            check.that(SavedModels.KINDS.contains(kind), "--model " + model + " is a model of kind '" + kind
                    + "', which does not restore; expected one of " + SavedModels.KINDS);
        } catch (IllegalArgumentException e) {
            check.that(false, "--model: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        FolderReport report;
        try (SavedModels.Opened opened = SavedModels.open(modelDir)) {
            report = FolderRestoration.of(opened.restorer(), opened.sampleShape()).withPolicy(policy).withBatchSize(batchSize)
                    .withThreads(threads != null ? threads : Main.chunkThreads()).withProgress(new TerminalProgress(folders.quiet)).restore(folders.input, folders.out);
        }
        FolderOptions.reportFailures(report, spec.commandLine().getErr());
        spec.commandLine().getOut().println("restore: " + report.summary() + " -> " + folders.out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
