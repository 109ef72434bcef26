package org.mppm.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mppm.models.train.TrainingListener;

/**
 * A one-line progress bar on standard error for training runs (standard output stays clean). Phases
 * that train at the same time, on other threads, share the line: each shows its latest epoch, without
 * the loss terms while more than one is on the line.
 */
public final class Progress {
    private static final int WIDTH = 30;

    private final boolean quiet;
    private final String label;
    private final PrintStream err = System.err;
    /** Each phase's latest bar and its loss terms, in the order the phases first reported. */
    private final Map<String, String[]> shown = new LinkedHashMap<>();

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
            String bar = String.format(Locale.ROOT, "%s %-5s [%s%s] %d/%d val %.4g", label, name, "#".repeat(filled),
                    " ".repeat(WIDTH - filled), report.epoch(), report.epochs(), report.validationLoss());
            synchronized (shown) {
                shown.put(name, new String[] {bar, terms.toString()});
                StringBuilder line = new StringBuilder("\r");
                for (String[] phase : shown.values()) {
                    line.append(phase[0]).append(shown.size() == 1 ? phase[1] : "").append("   ");
                }
                err.print(line);
            }
        };
    }

    public void done() {
        if (!quiet) {
            err.println();
        }
    }
}
