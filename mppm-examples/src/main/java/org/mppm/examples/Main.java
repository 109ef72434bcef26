package org.mppm.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mppm} command-line program: one subcommand per experiment of the papers, plus
 * user tools. With no arguments it lists the subcommands.
 *
 * <p>Each experiment writes {@code results.json}, a Markdown table and PNG figures into
 * {@code --out DIR}.
 */
@Command(
        name = "mppm",
        mixinStandardHelpOptions = true,
        version = "mppm 0.1.0",
        description = "Manifold-aware restoration and generation: the papers' experiments.",
        subcommands = {CircleExactCommand.class, CircleCommand.class, MnistRestoreCommand.class, MnistGenerateCommand.class, FacesRestoreCommand.class,
                MetricsCommand.class, org.mppm.examples.smoothing.SmoothingCircleCommand.class,
                org.mppm.examples.smoothing.SmoothingCurvesCommand.class,
                org.mppm.examples.smoothing.SmoothingLatentCommand.class,
                BenchCommand.class, org.mppm.examples.mad.MadToyCommand.class, org.mppm.examples.mad.MadShapesCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** PyTorch's intra-op threads; set before the engine starts. */
    static final String THREADS = "ai.djl.pytorch.num_threads";
    static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    /**
     * Runs the program; exits with the subcommand's exit code. PyTorch runs one intra-op thread
     * unless {@code -Dai.djl.pytorch.num_threads=N} says otherwise: the models here are small,
     * and OpenMP's spinning threads slow them several times over on a busy 2-core machine.
     */
    public static void main(String[] args) {
        if (System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, "1");
        }
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
