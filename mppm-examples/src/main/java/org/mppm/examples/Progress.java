package org.mppm.examples;

import java.io.PrintStream;
import java.util.Locale;
import org.mppm.models.train.TrainingListener;

/** A one-line progress bar on standard error for training runs (standard output stays clean). */
public final class Progress {
    private static final int WIDTH = 30;

    private final boolean quiet;
    private final String label;
    private final PrintStream err = System.err;

    public Progress(boolean quiet, String label) {
        this.quiet = quiet;
        this.label = label;
    }

    /** A listener drawing the bar for one training phase. */
    public TrainingListener phase(String name) {
        if (quiet) {
            return TrainingListener.NONE;
        }
        return report -> {
            int filled = (int) Math.round(WIDTH * (double) report.epoch() / report.epochs());
            StringBuilder terms = new StringBuilder();
            report.terms().forEach((k, v) -> terms.append(String.format(Locale.ROOT, " %s %.4g", k, v)));
            err.printf(Locale.ROOT, "\r%s %-5s [%s%s] %d/%d val %.4g%s   ", label, name, "#".repeat(filled),
                    " ".repeat(WIDTH - filled), report.epoch(), report.epochs(), report.validationLoss(), terms);
        };
    }

    public void done() {
        if (!quiet) {
            err.println();
        }
    }
}
