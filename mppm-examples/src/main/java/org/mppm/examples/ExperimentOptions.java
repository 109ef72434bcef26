package org.mppm.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every experiment shares: where results go and the seed. */
public final class ExperimentOptions implements OptionChecks.Validated {

    @Option(names = "--out", description = "Directory for results.json, table.md and figures (default: ${DEFAULT-VALUE}).",
            defaultValue = "results")
    Path out;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "7")
    long seed;

    @Override
    public void validate(OptionChecks check) {
        check.writableDirectory("--out", out);
    }

    public Path out() {
        return out;
    }

    public long seed() {
        return seed;
    }
}
