package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mppm} launcher script ({@code src/main/sh/mppm}, installed beside mppm.jar): run with a
 * stand-in {@code JAVA} that prints what it was given, it runs {@code -jar} on the jar beside the
 * script (also when called through a link), passes the arguments unchanged, adds
 * {@code JAVA_OPTS}, takes {@code JAVA_HOME}'s java when {@code JAVA} is unset, runs {@code MPPM_JAR}
 * instead when set, sets {@code MALLOC_ARENA_MAX=1} unless the environment has a value, and
 * compiles with C1 only and early ({@code -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.01})
 * before {@code JAVA_OPTS}, which may undo both.
 */
class LauncherTest {
    private static final Path SCRIPT = Path.of("src", "main", "sh", "mppm");

    @TempDir
    Path dir;

    /** Runs the installed launcher (or {@code via}, a link to it) with {@code environment} added; the stand-in java's lines. */
    private List<String> launch(Path via, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(via.toString());
        builder.command().addAll(List.of(args));
        builder.environment().remove("MALLOC_ARENA_MAX");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("MPPM_JAR");
        builder.environment().put("JAVA", dir.resolve("fake-java").toString());
        builder.environment().putAll(environment);
        if (environment.containsKey("JAVA_HOME")) {
            builder.environment().remove("JAVA");
        }
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(1, TimeUnit.MINUTES);
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }

    private Path install() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh");
        Path bin = Files.createDirectories(dir.resolve("target"));
        Path launcher = Files.copy(SCRIPT, bin.resolve("mppm"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(bin.resolve("mppm.jar"), "");
        for (Path fake : List.of(dir.resolve("fake-java"), Files.createDirectories(dir.resolve("jdk/bin")).resolve("java"))) {
            Files.writeString(fake, "#!/bin/sh\necho \"java=$0 arenas=$MALLOC_ARENA_MAX\"\nfor a in \"$@\"; do echo \"arg=$a\"; done\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return launcher;
    }

    @Test
    void runsTheJarBesideItWithOneArena() throws Exception {
        Path launcher = install();
        String jar = launcher.getParent().toRealPath().resolve("mppm.jar").toString();
        assertEquals(expected(1, "-jar", jar, "restore", "--out", "a folder/with spaces", ""),
                launch(launcher, Map.of(), "restore", "--out", "a folder/with spaces", ""));
    }

    @Test
    void theEnvironmentsArenasAndOptionsWin() throws Exception {
        Path launcher = install();
        String jar = launcher.getParent().toRealPath().resolve("mppm.jar").toString();
        assertEquals(expected(4, "-Dai.djl.pytorch.num_threads=2", "-Xmx1g", "-jar", jar, "bench"),
                launch(launcher, Map.of("MALLOC_ARENA_MAX", "4", "JAVA_OPTS", "-Dai.djl.pytorch.num_threads=2 -Xmx1g"), "bench"));
    }

    @Test
    void aLinkElsewhereStillFindsTheJar() throws Exception {
        Path launcher = install();
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("bin")).resolve("mppm"), launcher);
        String jar = launcher.getParent().toRealPath().resolve("mppm.jar").toString();
        assertEquals(expected(1, "-jar", jar), launch(link, Map.of()));
    }

    @Test
    void javaHomeNamesTheJavaUnlessJavaIsSet() throws Exception {
        Path launcher = install();
        String jdk = dir.resolve("jdk").toString();
        assertEquals("java=" + jdk + "/bin/java arenas=1", launch(launcher, Map.of("JAVA_HOME", jdk)).get(0));
    }

    @Test
    void mppmJarNamesAnotherJar() throws Exception {
        Path launcher = install();
        assertEquals(expected(1, "-jar", "/elsewhere/before.jar", "bench"),
                launch(launcher, Map.of("MPPM_JAR", "/elsewhere/before.jar"), "bench"));
    }

    private String fakeJava() {
        return "java=" + dir.resolve("fake-java");
    }

    /**
     * What the stand-in java prints when the launcher runs it with {@code arenas} malloc arenas: its
     * own line, the JIT options the launcher passes first, then {@code args}.
     */
    private List<String> expected(int arenas, String... args) {
        List<String> lines = new ArrayList<>(List.of(fakeJava() + " arenas=" + arenas, "arg=-XX:TieredStopAtLevel=1", "arg=-XX:CompileThresholdScaling=0.01"));
        for (String arg : args) {
            lines.add("arg=" + arg);
        }
        return lines;
    }
}
