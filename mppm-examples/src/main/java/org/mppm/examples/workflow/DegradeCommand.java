package org.mppm.examples.workflow;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.mppm.core.image.degrade.Degradation;
import org.mppm.core.image.degrade.Degradations;
import org.mppm.examples.OptionChecks;
import org.mppm.models.images.FolderDegradation;
import org.mppm.models.images.FolderReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mppm degrade --kind noise-0.5 --input FILE|DIR --out DIR --seed S}: applies one of the
 * papers' degradations ({@link Degradations#FORMS}) to every image, keeping sizes and names
 * ({@link FolderDegradation}), to make test sets.
 */
@Command(name = "degrade", mixinStandardHelpOptions = true,
        description = "Degrade a folder of images (noise-S, elastic-SIGMA, down-F, missing-F, scribble-N, sharpen-A).")
public final class DegradeCommand implements Callable<Integer>, OptionChecks.Validated {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin FolderOptions folders;

    @Option(names = "--kind", required = true, description = "e.g. noise-0.5, elastic-2.3, down-0.5, missing-0.08, scribble-13, sharpen-10.")
    String kind;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random degradations (default: ${DEFAULT-VALUE}).")
    long seed;

    private Degradation degradation;

    @Override
    public void validate(OptionChecks check) {
        try {
            degradation = Degradations.parse(kind);
        } catch (IllegalArgumentException e) {
            check.that(false, "--kind: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        FolderReport report = FolderDegradation.of(degradation, seed).withProgress(new TerminalProgress(folders.quiet))
                .degrade(folders.input, folders.out);
        FolderOptions.reportFailures(report, spec.commandLine().getErr());
        spec.commandLine().getOut().println("degrade " + degradation.key() + ": " + report.summary() + " -> " + folders.out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
