package org.mppm.examples;

import org.mppm.core.HugePages;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mppm} command-line program: one subcommand per experiment of the papers, plus
 * the everyday workflow on a user's own images ({@code train}, {@code restore}, {@code generate},
 * {@code degrade}, {@code evaluate}) and other user tools. With no arguments it lists the subcommands.
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
                BenchCommand.class, org.mppm.examples.mad.MadToyCommand.class, org.mppm.examples.mad.MadShapesCommand.class,
                org.mppm.examples.workflow.TrainCommand.class, org.mppm.examples.workflow.RestoreCommand.class,
                org.mppm.examples.workflow.GenerateCommand.class, org.mppm.examples.workflow.DegradeCommand.class, org.mppm.examples.workflow.EvaluateCommand.class})
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
     * How many chunks of a restoration or sampling job the commands run at once
     * ({@link org.mppm.core.Chunking#withThreads}): the processors left once each chunk has its
     * intra-op threads ({@value #THREADS}, 1 unless set), at least 1.
     */
    public static int chunkThreads() {
        int intraOp = Math.max(1, Integer.getInteger(THREADS, 1));
        return Math.max(1, Runtime.getRuntime().availableProcessors() / intraOp);
    }

    /**
     * Runs the program; exits with the subcommand's exit code. PyTorch runs one intra-op thread
     * unless {@code -Dai.djl.pytorch.num_threads=N} says otherwise: the models here are small,
     * and OpenMP's spinning threads slow them several times over on a busy 2-core machine. The
     * engine's large tensors go on transparent huge pages ({@link HugePages#enable()}) unless the
     * environment sets {@code THP_MEM_ALLOC_ENABLE} itself.
     */
    public static void main(String[] args) {
        if (System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, "1");
        }
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
        // before the engine's first tensor; THP_MEM_ALLOC_ENABLE in the environment wins
        HugePages.enable();
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line (also used by tests). Before a command runs, every command and
     * mixin that is {@link OptionChecks.Validated} checks its options; a usage error (bad or
     * missing option, failed check) prints one line naming the option and exits with code 2; an
     * unexpected failure inside a command prints one line with its message and the file holding the
     * full stack trace, and exits with code 1.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionStrategy(Main::validateThenRun);
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler(Main::failure);
        return commandLine;
    }

    private static int validateThenRun(CommandLine.ParseResult parsed) {
        for (CommandLine command : parsed.asCommandLineList()) {
            if (command.isUsageHelpRequested() || command.isVersionHelpRequested()) {
                return new CommandLine.RunLast().execute(parsed);
            }
        }
        for (CommandLine command : parsed.asCommandLineList()) {
            OptionChecks check = new OptionChecks(command);
            for (CommandLine.Model.CommandSpec mixin : command.getCommandSpec().mixins().values()) {
                if (mixin.userObject() instanceof OptionChecks.Validated v) {
                    v.validate(check);
                }
            }
            if (command.getCommand() instanceof OptionChecks.Validated v) {
                v.validate(check);
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage())
                + " (see --help)");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        String where;
        try {
            java.nio.file.Path log = java.nio.file.Files.createTempFile("mppm-error-", ".log");
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            java.nio.file.Files.writeString(log, trace.toString());
            where = "full trace in " + log;
        } catch (java.io.IOException | RuntimeException io) {
            where = "the trace could not be written: " + io.getMessage();
        }
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + oneLine(message) + " (" + where + ")");
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String oneLine(String message) {
        return String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
