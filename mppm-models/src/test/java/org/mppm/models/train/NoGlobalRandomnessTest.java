package org.mppm.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No library code (the main sources of every module, the examples' bench included) seeds or draws
 * from the engine's global generator, or hard-codes a device: randomness comes from a caller's
 * seed ({@code SeededNoise}), devices from the data or the caller.
 */
class NoGlobalRandomnessTest {
    private static final List<String> MODULES = List.of("mppm-core", "mppm-samplers", "mppm-models", "mppm-examples");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "setRandomSeed|\\.random(Normal|Uniform|Integer|Permutation|Binomial|Multinomial)\\("
                    + "|new (Xavier|Uniform|Normal|TruncatedNormal)Initializer\\(|Device\\.cpu\\(\\)");

    @Test
    void libraryMainSourcesNeverUseTheEngineGeneratorOrAFixedDevice() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> found = new ArrayList<>();
        int files = 0;
        for (String module : MODULES) {
            Path main = root.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(main), "sources of " + module + " at " + main);
            try (Stream<Path> paths = Files.walk(main)) {
                for (Path file : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    List<String> lines = read(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (FORBIDDEN.matcher(lines.get(i)).find()) {
                            found.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertTrue(files > 100, "scanned " + files + " files");
        assertEquals(List.of(), found, "engine-generator or fixed-device uses in library code");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
