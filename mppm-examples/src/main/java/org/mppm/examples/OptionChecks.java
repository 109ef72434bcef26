package org.mppm.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of parsed options, run for every command and mixin before any command starts
 * work ({@link Main#commandLine()}): each failure is a picocli {@link ParameterException} whose
 * one-line message names the option, what it expects and what it got, e.g.
 * {@code --points must be an integer >= 1, got -5}; the program then exits with code 2.
 */
public final class OptionChecks {

    /** A command or mixin whose options need more than their type: {@link #validate} lists the rules. */
    public interface Validated {
        void validate(OptionChecks check);
    }

    private final CommandLine commandLine;

    OptionChecks(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    /** Fails with {@code message} unless {@code ok}. */
    public OptionChecks that(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(commandLine, message);
        }
        return this;
    }

    /** An integer {@code >= min}. */
    public OptionChecks atLeast(String option, long value, long min) {
        return that(value >= min, option + " must be an integer >= " + min + ", got " + value);
    }

    /** An integer in {@code [min, max]}. */
    public OptionChecks between(String option, long value, long min, long max) {
        return that(value >= min && value <= max, option + " must be an integer in [" + min + ", " + max + "], got " + value);
    }

    /** A finite number. */
    public OptionChecks finite(String option, double value) {
        return that(Double.isFinite(value), option + " must be a finite number, got " + value);
    }

    /** A finite number {@code > 0}. */
    public OptionChecks positive(String option, double value) {
        return that(value > 0 && Double.isFinite(value), option + " must be a finite number > 0, got " + value);
    }

    /** A finite number {@code >= 0}. */
    public OptionChecks nonNegative(String option, double value) {
        return that(value >= 0 && Double.isFinite(value), option + " must be a finite number >= 0, got " + value);
    }

    /** A number in {@code [lo, hi]}. */
    public OptionChecks closed(String option, double value, double lo, double hi) {
        return that(value >= lo && value <= hi, option + " must lie in [" + lo + ", " + hi + "], got " + value);
    }

    /** A number in {@code [lo, hi)}, e.g. a probability that must leave something. */
    public OptionChecks halfOpen(String option, double value, double lo, double hi) {
        return that(value >= lo && value < hi, option + " must lie in [" + lo + ", " + hi + "), got " + value);
    }

    /** Every entry finite and {@code > 0}, at least one entry. */
    public OptionChecks allPositive(String option, double[] values) {
        that(values != null && values.length > 0, option + " needs at least one value");
        for (double v : values) {
            that(v > 0 && Double.isFinite(v), option + " values must be finite numbers > 0, got " + v);
        }
        return this;
    }

    /**
     * The step weights of Eq. 11 / 12: {@code 0 < alpha}, {@code beta >= 0}; with a pull
     * ({@code beta > 0}) {@code alpha + beta < 1}, without one {@code alpha <= 1}.
     */
    public OptionChecks flowWeights(double alpha, double beta) {
        positive("--alpha", alpha);
        nonNegative("--beta", beta);
        if (beta == 0) {
            return closed("--alpha", alpha, 0, 1);
        }
        return that(alpha + beta < 1, "--alpha + --beta must be < 1 (Eq. 12), got " + alpha + " + " + beta);
    }

    /** An existing regular file, when given. */
    public OptionChecks readableFile(String option, Path file) {
        return that(file == null || Files.isRegularFile(file) && Files.isReadable(file),
                option + " must be a readable file, got " + file);
    }

    /** An existing directory, when given. */
    public OptionChecks directory(String option, Path dir) {
        return that(dir == null || Files.isDirectory(dir), option + " must be an existing directory, got " + dir);
    }

    /** Not an existing regular file (a directory to write into, existing or not). */
    public OptionChecks writableDirectory(String option, Path dir) {
        return that(dir == null || !Files.exists(dir) || Files.isDirectory(dir),
                option + " must be a directory (it is created if missing), got the file " + dir);
    }
}
