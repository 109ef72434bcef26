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
        subcommands = {org.mppm.examples.mad.MadToyCommand.class, org.mppm.examples.mad.MadShapesCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the program; exits with the subcommand's exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
