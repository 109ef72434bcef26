package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad options of every subcommand end before any work: exit code 2 and one line on stderr naming
 * the option; an unexpected failure inside a command: exit code 1, one line with the message and
 * the file holding the trace.
 */
class CliValidationTest {

    @TempDir Path dir;

    /** {subcommand, option, value} triples that must be refused; the option must appear in the message. */
    private static final List<String[]> BAD = List.of(
            new String[] {"circle-exact", "--points", "-5"},
            new String[] {"circle-exact", "--noise", "-1"},
            new String[] {"circle-exact", "--sigma-ker", "0"},
            new String[] {"circle-exact", "--alpha", "0.95"},
            new String[] {"circle-exact", "--points", "abc"},
            new String[] {"circle", "--epochs", "0"},
            new String[] {"circle", "--dropout", "1"},
            new String[] {"circle", "--noise", "NaN"},
            new String[] {"mnist-restore", "--epochs", "-1"},
            new String[] {"mnist-restore", "--test", "0"},
            new String[] {"mnist-restore", "--ldm-start", "5000"},
            new String[] {"mnist-restore", "--sigma-ker", "-0.1"},
            new String[] {"mnist-restore", "--alpha", "0.2"},
            new String[] {"mnist-restore", "--steps", "-1"},
            new String[] {"mnist-restore", "--data", "/no/such/dir"},
            new String[] {"mnist-generate", "--samples", "0"},
            new String[] {"mnist-generate", "--beta", "Infinity"},
            new String[] {"mnist-generate", "--start", "sideways"},
            new String[] {"faces-restore", "--test", "0"},
            new String[] {"faces-restore", "--lambdas", "1,1"},
            new String[] {"faces-restore", "--skip-levels", "9"},
            new String[] {"faces-restore", "--sigma-ker", "0"},
            new String[] {"faces-restore", "--alpha", "0.2"},
            new String[] {"faces-restore", "--ldm-start", "0"},
            new String[] {"faces-restore", "--search-samples", "0"},
            new String[] {"faces-restore", "--size", "2"},
            new String[] {"metrics", "--reference", "/no/such.png"},
            new String[] {"smoothing-circle", "--sigmas", "0.1,-1"},
            new String[] {"smoothing-circle", "--steps", "1"},
            new String[] {"smoothing-curves", "--training", "0"},
            new String[] {"smoothing-curves", "--smin", "0"},
            new String[] {"smoothing-latent", "--digit", "12"},
            new String[] {"smoothing-latent", "--grid", "square"},
            new String[] {"bench", "--part", "nothing"},
            new String[] {"bench", "--iterations", "0"},
            new String[] {"mad-toy", "--samples", "1"},
            new String[] {"mad-toy", "--b", "1,-2"},
            new String[] {"mad-shapes", "--size", "30"},
            new String[] {"mad-shapes", "--ema", "1"},
            new String[] {"mad-shapes", "--lr", "0"});

    @Test
    void badOptionsOfEverySubcommandExitWithCode2AndOneLineNamingTheOption() throws Exception {
        Path reference = dir.resolve("ref.png");
        Files.write(reference, new byte[] {1, 2, 3});
        long started = System.nanoTime();
        for (String[] bad : BAD) {
            String[] args = bad[0].equals("metrics") && !bad[1].equals("--reference")
                    ? new String[] {bad[0], "--reference", reference.toString(), bad[1], bad[2]}
                    : bad[0].equals("metrics") ? new String[] {bad[0], bad[1], bad[2], "--test", reference.toString()}
                    : bad[0].equals("bench") ? new String[] {bad[0], bad[1], bad[2]}
                    : new String[] {bad[0], "--out", dir.resolve("out").toString(), bad[1], bad[2]};
            CliRun r = CliRun.of(args);
            String what = String.join(" ", args) + " -> " + r.err();
            assertEquals(2, r.code(), what);
            assertEquals(1, r.err().strip().lines().count(), what);
            assertTrue(r.err().startsWith("mppm " + bad[0] + ": "), what);
            assertTrue(r.err().contains(bad[1]), what);
            assertTrue(r.out().isEmpty(), what);
        }
        assertTrue(!Files.exists(dir.resolve("out")), "no command started work");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < 30, "validation took " + seconds + " s");
    }

    @Test
    void theMessagesSayWhatIsExpected() {
        assertEquals("mppm circle-exact: --points must be an integer >= 1, got -5 (see --help)",
                CliRun.of("circle-exact", "--points", "-5").err().strip());
        assertEquals("mppm circle-exact: --noise must be a finite number >= 0, got -1.0 (see --help)",
                CliRun.of("circle-exact", "--noise", "-1").err().strip());
        assertEquals("mppm mnist-restore: --epochs must be an integer >= 1, got -1 (see --help)",
                CliRun.of("mnist-restore", "--epochs", "-1").err().strip());
        CliRun unknown = CliRun.of("circle-exact", "--pionts", "5");
        assertEquals(2, unknown.code());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("--pionts"), unknown.err());
    }

    @Test
    void aFailureInsideACommandPrintsOneLineAndWhereTheTraceIs() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliRun r = CliRun.of("mnist-restore", "--out", dir.resolve("out").toString(), "--data", empty.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("mppm mnist-restore: "), r.err());
        String line = r.err().strip();
        int at = line.lastIndexOf("full trace in ");
        assertTrue(at > 0, line);
        Path trace = Path.of(line.substring(at + "full trace in ".length(), line.length() - 1));
        assertTrue(Files.readString(trace).contains("\tat "), "the file holds the stack trace");
        Files.delete(trace);
    }
}
