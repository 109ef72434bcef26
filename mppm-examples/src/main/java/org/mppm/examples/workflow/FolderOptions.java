package org.mppm.examples.workflow;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mppm.examples.OptionChecks;
import org.mppm.models.images.FolderReport;
import org.mppm.models.images.OutputFolder;
import org.mppm.models.images.ReadFailure;
import picocli.CommandLine.Option;

/** {@code --input FILE|DIR --out DIR [--quiet]} of the folder commands: the input exists, the output lies outside it. */
final class FolderOptions implements OptionChecks.Validated {
    @Option(names = "--input", required = true, description = "An image file, an IDX file or a folder of .png/.jpg/.jpeg images.")
    Path input;
    @Option(names = "--out", required = true, description = "Output folder (created if missing; never the input folder or inside it).")
    Path out;
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public void validate(OptionChecks check) {
        check.that(Files.exists(input), "--input must be an existing file or folder, got " + input);
        try {
            OutputFolder.requireOutside(input, out);
        } catch (IllegalArgumentException e) {
            check.that(false, "--out: " + e.getMessage());
        }
    }

    /** Each skipped input on {@code err}, one line each. */
    static void reportFailures(FolderReport report, PrintWriter err) {
        for (ReadFailure f : report.failures()) {
            err.println("skipped " + f);
        }
        err.flush();
    }
}
