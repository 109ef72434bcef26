package org.mppm.examples.workflow;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mppm.models.train.TrainingListener;

/**
 * DJL's {@link ai.djl.util.Progress}, drawn on standard error by the {@code progressbar} library
 * (count, rate and time left), so standard output keeps only results. Quiet: draws nothing.
 */
final class TerminalProgress implements ai.djl.util.Progress {
    private final boolean quiet;
    private final PrintStream err;
    private ProgressBar bar;

    TerminalProgress(boolean quiet) {
        this(quiet, System.err);
    }

    TerminalProgress(boolean quiet, PrintStream err) {
        this.quiet = quiet;
        this.err = err;
    }

    @Override
    public void reset(String message, long max, String trailingMessage) {
        end();
        if (!quiet) {
            bar = new ProgressBarBuilder().setTaskName(message).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(err, 100)).showSpeed().setUpdateIntervalMillis(250).build();
            if (trailingMessage != null) {
                bar.setExtraMessage(trailingMessage);
            }
        }
    }

    @Override
    public void start(long initialProgress) {
        if (bar != null) {
            bar.stepTo(initialProgress);
        }
    }

    @Override
    public void end() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void increment(long increment) {
        if (bar != null) {
            bar.stepBy(increment);
        }
    }

    @Override
    public void update(long progress, String message) {
        if (bar != null) {
            bar.stepTo(progress);
            if (message != null) {
                bar.setExtraMessage(message);
            }
        }
    }

    /** A training listener moving a bar of {@code epochs} steps, named {@code phase}, with the validation loss. */
    TrainingListener epochs(String phase, int epochs) {
        reset(phase, epochs);
        return report -> update(report.epoch(), String.format(java.util.Locale.ROOT, " val %.4g", report.validationLoss()));
    }
}
