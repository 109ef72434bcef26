package org.mppm.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as Linux reports it in {@code /proc/self/status}, in MiB (one decimal), and
 * the native allocator that serves PyTorch's tensors (peak memory depends on it: glibc's malloc
 * keeps memory freed by one thread's tensors in that thread's arena).
 */
public final class ProcessMemory {
    /** The native allocators {@link #allocator()} recognises, by the library mapped into the process. */
    private static final java.util.Map<String, String> ALLOCATORS = java.util.Map.of(
            "libtcmalloc", "tcmalloc", "libjemalloc", "jemalloc", "libmimalloc", "mimalloc");

    private ProcessMemory() {}

    /**
     * The malloc this process runs on: {@code tcmalloc}, {@code jemalloc} or {@code mimalloc} when
     * its library is mapped (e.g. with {@code LD_PRELOAD}), else {@code glibc}; {@code unknown} where
     * {@code /proc/self/maps} cannot be read.
     */
    public static String allocator() {
        try (java.util.stream.Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.map(line -> line.substring(line.lastIndexOf('/') + 1))
                    .flatMap(file -> ALLOCATORS.entrySet().stream().filter(e -> file.startsWith(e.getKey())))
                    .map(java.util.Map.Entry::getValue).findFirst().orElse("glibc");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The peak resident set size (VmHWM), or -1 where /proc is not available. */
    static double peakMiB() {
        return statusMiB("VmHWM:");
    }

    /** The resident set size now (VmRSS), or -1 where /proc is not available. */
    static double residentMiB() {
        return statusMiB("VmRSS:");
    }

    private static double statusMiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 102.4) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
